import type { App, Session } from 'electron';
import { allowedOriginsFor, isVideoWindow } from '../window/create-window.ts';
import { decideNavigation, decideWindowOpen, openExternalUrl } from './navigation-policy.ts';
import { decidePermission } from './permission-policy.ts';

export interface SecurityHookOptions {
  readonly appOrigin: string;
  readonly videoOrigins: readonly string[];
  readonly openExternal: (url: string) => Promise<void>;
  readonly log: (message: string) => void;
}

/**
 * The one `web-contents-created` hook: every page, in every window, is held to
 * its window's origins for navigation and redirects, may not open windows or
 * attach webviews, and hands safe links to the external-link gate.
 */
export function installWebContentsHook(app: App, options: SecurityHookOptions): void {
  app.on('web-contents-created', (_event, contents) => {
    const guard = (event: { preventDefault(): void }, url: string, what: string): void => {
      const decision = decideNavigation(url, allowedOriginsFor(contents, [options.appOrigin]));
      if (!decision.allow) {
        event.preventDefault();
        options.log(`${what} blocked: ${decision.reason}`);
      }
    };
    contents.on('will-navigate', (event) => guard(event, event.url, 'navigation'));
    contents.on('will-frame-navigate', (event) => guard(event, event.url, 'frame navigation'));
    contents.on('will-redirect', (event) => guard(event, event.url, 'redirect'));
    contents.on('will-attach-webview', (event) => {
      event.preventDefault();
      options.log('webview blocked');
    });
    contents.setWindowOpenHandler(({ url }) => {
      const decision = decideWindowOpen(url);
      if (decision.openExternally) {
        openExternalUrl(url, options.openExternal).catch((error: unknown) =>
          options.log(`open external failed: ${String(error)}`),
        );
      }
      return { action: decision.action };
    });
  });
}

/** Permissions are denied unless the policy allows them; device, display-capture and HID requests always are. */
export function installPermissionHandlers(session: Session, options: SecurityHookOptions): void {
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    callback(
      decidePermission(
        {
          permission,
          requestingUrl: details.requestingUrl,
          isVideoWindow: isVideoWindow(contents),
          mediaTypes,
        },
        options.videoOrigins,
      ),
    );
  });
  session.setPermissionCheckHandler((contents, permission, requestingOrigin, details) =>
    contents
      ? decidePermission(
          {
            permission,
            requestingUrl: requestingOrigin,
            isVideoWindow: isVideoWindow(contents),
            mediaTypes: details.mediaType ? [details.mediaType] : [],
          },
          options.videoOrigins,
        )
      : false,
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback({}));
}
