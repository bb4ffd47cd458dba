import { describe, expect, it } from 'vitest';
import { LAUNCH_SCHEME } from '../../../../main/launch/launch-request.ts';
import {
  MSI_PROTOCOL_SCHEME,
  withLaunchProtocol,
} from '../../../../scripts/packaging/msi-launch-protocol.ts';

/** The shape electron-builder's MSI template writes (templates/msi/template.xml). */
const project = (files: string) => `<Wix>
  <Product>
    <ComponentGroup Id="ProductComponents" Directory="APPLICATIONFOLDER">
${files}
    </ComponentGroup>
  </Product>
</Wix>`;
const asar = `      <Component Directory="dResources">
        <File Name="app.asar" Source="$(var.appDir)/resources/app.asar" ReadOnly="yes" KeyPath="yes"/>
      </Component>`;
const executable = `      <Component>
        <File Name="Workbench.exe" Source="$(var.appDir)/Workbench.exe" ReadOnly="yes" KeyPath="yes" Id="mainExecutable"/>
      </Component>`;

describe('the MSI project hook', () => {
  it("registers the app's own scheme", () => {
    expect(MSI_PROTOCOL_SCHEME).toBe(LAUNCH_SCHEME);
  });

  it("adds the registry values to the executable's component, wherever it comes", () => {
    const written = withLaunchProtocol(project(`${asar}\n${executable}`));
    const component = written.slice(written.indexOf('<Component>'));
    expect(component.match(/<RegistryValue /g)).toHaveLength(4);
    expect(written.slice(0, written.indexOf('<Component>'))).not.toContain('RegistryValue');
    expect(component).toContain('Value="&quot;[#mainExecutable]&quot; &quot;%1&quot;"/>');
    expect(written).toMatch(/RegistryValue[^\n]*\n\s*<\/Component>\n\s*<\/ComponentGroup>/);
  });

  it('fails the build rather than ship an MSI without the protocol', () => {
    expect(() => withLaunchProtocol(project(asar))).toThrow(/mainExecutable/);
    expect(() => withLaunchProtocol(withLaunchProtocol(project(executable)))).toThrow(
      /already registers/,
    );
  });
});
