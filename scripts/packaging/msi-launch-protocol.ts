/**
 * electron-builder's `msiProjectCreated` hook (electron-builder.yml): registers the context-launch
 * protocol (`nordjysk-workbench://citizen?cpr=…`) in the MSI, as resources/build/installer.nsh does
 * in the NSIS installer.
 *
 * electron-builder's MSI target writes only file associations (`<ProgId>`), never `protocols`
 * (app-builder-lib 26: targets/MsiTarget.js and templates/msi/template.xml), and offers no include
 * for its WiX project. The hook runs after it has written project.wxs and before WiX compiles it,
 * so the registry values go into the component of the app's .exe. Windows Installer removes the
 * values its Registry table wrote when their component is removed, so uninstalling unregisters
 * the protocol as the NSIS uninstaller does.
 *
 * Constants, not imports from main/: electron-builder loads this file on its own (Node strips the
 * types). test/unit/packaging pins them to the app's LAUNCH_SCHEME and the configured protocol.
 */
import { readFile, writeFile } from 'node:fs/promises';

export const MSI_PROTOCOL_SCHEME = 'nordjysk-workbench';
export const MSI_PROTOCOL_NAME = 'Nordjysk eSundhed Workbench';

/** The id electron-builder's MSI template gives the app's .exe `<File>`. */
const MAIN_EXECUTABLE = 'mainExecutable';
/** The `<Component>` holding that file, up to its closing tag. */
const MAIN_COMPONENT = new RegExp(
  `(<Component>\\s*<File [^>]*\\bId="${MAIN_EXECUTABLE}"[\\s\\S]*?)(\\n\\s*</Component>)`,
);

function xmlAttribute(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/**
 * The registry values: per machine (HKLM; the MSI is `perMachine`, as the NSIS installer's SHCTX
 * is HKLM there), the command line `"<install dir>\<exe>" "%1"` through WiX's `[#file id]`, so the
 * path is wherever the administrator installed it. They go into the executable's own component:
 * a `[#file]` reference to another component fails validation (ICE69), and electron-builder runs
 * WiX with warnings as errors. That component's key path stays the file.
 */
export function launchProtocolRegistry(): string {
  const key = `Software\\Classes\\${MSI_PROTOCOL_SCHEME}`;
  const value = (subkey: string, data: string, name?: string) =>
    `<RegistryValue Root="HKLM" Key="${xmlAttribute(subkey)}"` +
    (name === undefined ? '' : ` Name="${xmlAttribute(name)}"`) +
    ` Type="string" Value="${xmlAttribute(data)}"/>`;
  return [
    value(key, `URL:${MSI_PROTOCOL_NAME}`),
    value(key, '', 'URL Protocol'),
    value(`${key}\\DefaultIcon`, `[#${MAIN_EXECUTABLE}],0`),
    value(`${key}\\shell\\open\\command`, `"[#${MAIN_EXECUTABLE}]" "%1"`),
  ]
    .map((line) => `        ${line}`)
    .join('\n');
}

/**
 * The WiX project with the protocol registered. Throws when the project is not the shape
 * electron-builder's template writes (no component for the main executable) or already registers
 * it: a build that cannot register the protocol must fail, not ship an MSI without it.
 */
export function withLaunchProtocol(project: string): string {
  if (!MAIN_COMPONENT.test(project))
    throw new Error(`MSI project has no component with <File Id="${MAIN_EXECUTABLE}">`);
  if (project.includes(`Classes\\${MSI_PROTOCOL_SCHEME}"`))
    throw new Error('MSI project already registers the launch protocol');
  return project.replace(
    MAIN_COMPONENT,
    (_component, opening: string, closing: string) =>
      `${opening}\n${launchProtocolRegistry()}${closing}`,
  );
}

/** The hook electron-builder calls with the path of the project.wxs it has just written. */
export async function msiProjectCreated(projectFile: string): Promise<void> {
  await writeFile(projectFile, withLaunchProtocol(await readFile(projectFile, 'utf8')));
}
