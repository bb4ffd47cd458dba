import {
  AuthError,
  ClientAuthError,
  ClientAuthErrorCodes,
  InteractionRequiredAuthError,
  ServerError,
} from '@azure/msal-node';
import { describe, expect, it } from 'vitest';
import {
  failureOf,
  failureOfAuthorizeError,
  SignInError,
  toSignInError,
  type SignInOperation,
} from '../../../../../main/auth/msal/sign-in-errors.ts';

const OPERATIONS: readonly SignInOperation[] = ['interactive', 'silent', 'context'];

describe('the reason code for what msal-node threw', () => {
  it('names an unreachable provider, whichever step met it', () => {
    for (const code of [
      ClientAuthErrorCodes.networkError,
      ClientAuthErrorCodes.endpointResolutionError,
      ClientAuthErrorCodes.openIdConfigError,
      ClientAuthErrorCodes.noNetworkConnectivity,
    ])
      for (const operation of OPERATIONS)
        expect(failureOf(new ClientAuthError(code, 'correlation'), operation)).toBe(
          'provider-unreachable',
        );
  });

  it('names an answer that is not this sign-in’s', () => {
    for (const code of [ClientAuthErrorCodes.stateMismatch, ClientAuthErrorCodes.stateNotFound])
      expect(failureOf(new ClientAuthError(code, ''), 'interactive')).toBe('state-mismatch');
  });

  it('asks for a new sign-in when nothing silent works any more', () => {
    expect(failureOf(new InteractionRequiredAuthError('no_tokens_found', ''), 'silent')).toBe(
      'interaction-required',
    );
    for (const operation of OPERATIONS)
      expect(failureOf(new ServerError('invalid_grant', ''), operation)).toBe(
        'interaction-required',
      );
  });

  it('reads another provider error as a refused context when a context was asked for', () => {
    expect(failureOf(new ServerError('invalid_request', ''), 'context')).toBe('context-refused');
    expect(failureOf(new ServerError('invalid_request', ''), 'silent')).toBe('provider-refused');
    expect(failureOf(new ServerError('invalid_scope', ''), 'interactive')).toBe('provider-refused');
  });

  it('names a missing account', () => {
    expect(failureOf(new ClientAuthError(ClientAuthErrorCodes.noAccountFound, ''), 'silent')).toBe(
      'unknown-account',
    );
  });

  it('keeps a SignInError’s own reason and calls anything else unexpected', () => {
    expect(failureOf(new SignInError('timeout'), 'interactive')).toBe('timeout');
    expect(failureOf(new AuthError('something_new', ''), 'silent')).toBe('unexpected');
    expect(failureOf(new Error('boom'), 'silent')).toBe('unexpected');
    expect(failureOf('not even an error', 'silent')).toBe('unexpected');
  });

  it('logs msal’s code, never the provider’s text', () => {
    const error = toSignInError(
      new ServerError('invalid_request', '', 'Description: CPR 0101011234 is not allowed'),
      'context',
    );
    expect(error).toBeInstanceOf(SignInError);
    expect(error.reason).toBe('context-refused');
    expect(error.message).toBe('context sign-in step failed: context-refused (invalid_request)');
    const same = new SignInError('cancelled');
    expect(toSignInError(same, 'interactive')).toBe(same);
  });
});

describe('the reason code for an error answer at the redirect', () => {
  it('reads access_denied as the user cancelling', () => {
    expect(failureOfAuthorizeError('access_denied')).toBe('cancelled');
    expect(failureOfAuthorizeError('temporarily_unavailable')).toBe('provider-unreachable');
    for (const error of ['login_required', 'invalid_request', 'server_error', 'whatever'])
      expect(failureOfAuthorizeError(error)).toBe('provider-refused');
  });
});
