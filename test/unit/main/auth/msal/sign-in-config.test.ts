import { LogLevel, ProtocolMode } from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import { createHttpsNetworkClient } from '../../../../../main/auth/msal/https-network-client.ts';
import {
  authorizeExtras,
  CONTEXT_PARAMETER,
  contextParameters,
  discoveryUrl,
  isCareTeamId,
  msalConfiguration,
  type SignInConfig,
} from '../../../../../main/auth/msal/sign-in-config.ts';

const FUT: SignInConfig = {
  kind: 'fut',
  authority: 'https://saml.ehealth.example:8443/auth/realms/ehealth/',
  clientId: 'nordjysk-workbench',
  scopes: ['fhir'],
};
const ENTRA: SignInConfig = {
  kind: 'entra',
  authority: 'https://login.microsoftonline.com/rn.example',
  clientId: '00000000-0000-0000-0000-000000000001',
  scopes: ['api://fhir/user_impersonation'],
};

const parts = (log: string[] = []) => ({
  cachePlugin: {
    beforeCacheAccess: () => Promise.resolve(),
    afterCacheAccess: () => Promise.resolve(),
  },
  networkClient: createHttpsNetworkClient(),
  log: (message: string) => log.push(message),
});

describe('msal-node’s configuration for the machine’s provider', () => {
  it('treats FUT’s provider as a generic OpenID provider known by its host', () => {
    const configuration = msalConfiguration(FUT, parts());
    expect(configuration.auth).toEqual({
      clientId: 'nordjysk-workbench',
      authority: 'https://saml.ehealth.example:8443/auth/realms/ehealth',
      knownAuthorities: ['saml.ehealth.example:8443'],
    });
    expect(configuration.system?.protocolMode).toBe(ProtocolMode.OIDC);
  });

  it('leaves Entra ID to msal’s own discovery', () => {
    const configuration = msalConfiguration(ENTRA, parts());
    expect(configuration.auth).toEqual({
      clientId: ENTRA.clientId,
      authority: ENTRA.authority,
    });
    expect(configuration.system?.protocolMode).toBeUndefined();
  });

  it('hands msal the cache plugin and the network client it is given', () => {
    const given = parts();
    const configuration = msalConfiguration(FUT, given);
    expect(configuration.cache?.cachePlugin).toBe(given.cachePlugin);
    expect(configuration.system?.networkClient).toBe(given.networkClient);
  });

  it('logs msal’s warnings and errors without personal data, and nothing chattier', () => {
    const log: string[] = [];
    const callback = msalConfiguration(FUT, parts(log)).system!.loggerOptions!.loggerCallback!;
    expect(msalConfiguration(FUT, parts()).system?.loggerOptions?.piiLoggingEnabled).toBe(false);
    callback(LogLevel.Error, 'error', false);
    callback(LogLevel.Warning, 'warning', false);
    callback(LogLevel.Warning, 'user@example has PII', true);
    callback(LogLevel.Info, 'info', false);
    callback(LogLevel.Verbose, 'verbose', false);
    expect(log).toEqual(['msal: error', 'msal: warning']);
  });
});

describe('asking the provider for a login even when it has a session', () => {
  it('uses max_age=0 with an OpenID provider and prompt=login with Entra ID', () => {
    expect(authorizeExtras('fut', true)).toEqual({ extraQueryParameters: { max_age: '0' } });
    expect(authorizeExtras('entra', true)).toEqual({ prompt: 'login' });
  });

  it('adds nothing to an ordinary sign-in', () => {
    expect(authorizeExtras('fut', false)).toEqual({});
    expect(authorizeExtras('entra', false)).toEqual({});
  });
});

describe('asking for a token in a care team’s context', () => {
  it('names the care team to FUT’s provider in the token request', () => {
    expect(contextParameters('fut', 'careteam-1')).toEqual({ [CONTEXT_PARAMETER]: 'careteam-1' });
    expect(CONTEXT_PARAMETER).toBe('care_team_id');
  });

  it('sends nothing for the starting context, or to Entra ID (which has no such context)', () => {
    expect(contextParameters('fut', null)).toBeUndefined();
    expect(contextParameters('entra', 'careteam-1')).toBeUndefined();
  });

  it('accepts ids and references, nothing long or with spaces or control characters', () => {
    for (const id of [
      'careteam-1',
      'CareTeam/74187',
      'https://organization.example/fhir/CareTeam/7',
    ])
      expect(isCareTeamId(id)).toBe(true);
    for (const id of ['', 'care team', 'team\n', 'team\u0000', 'x'.repeat(201), 'hold\u00e9'])
      expect(isCareTeamId(id)).toBe(false);
  });
});

describe('where the discovery document is', () => {
  it('at the authority for an OpenID provider, at the v2.0 endpoints for Entra ID', () => {
    expect(discoveryUrl(FUT)).toBe(
      'https://saml.ehealth.example:8443/auth/realms/ehealth/.well-known/openid-configuration',
    );
    expect(discoveryUrl(ENTRA)).toBe(
      'https://login.microsoftonline.com/rn.example/v2.0/.well-known/openid-configuration',
    );
  });
});
