/**
 * Why the server ended a collaboration connection for good, as a translation key of the
 * `collabLimits` section, or null for a close after which the provider reconnects by itself.
 * The codes and reasons are libs/collab's (CloseCode); 1009 is the websocket's own "message
 * too big", sent before the server reads the frame.
 */
export type CollabCloseKey =
  | 'collabLimits.updateTooLarge'
  | 'collabLimits.documentTooLarge'
  | 'collabLimits.tooFast'
  | 'collabLimits.signedOut'
  | 'collabLimits.forbidden'
  | 'collabLimits.notFound'
  | 'collabLimits.refused';

export function collabCloseKey(code: number, reason: string): CollabCloseKey | null {
  if (code === 4413) return reason === 'document too large' ? 'collabLimits.documentTooLarge' : 'collabLimits.updateTooLarge';
  if (code === 1009) return 'collabLimits.updateTooLarge';
  if (code === 4429) return 'collabLimits.tooFast';
  if (code === 4401) return 'collabLimits.signedOut';
  if (code === 4403) return 'collabLimits.forbidden';
  if (code === 4404) return 'collabLimits.notFound';
  if (code >= 4400 && code < 4500) return 'collabLimits.refused';
  return null;
}

/** The provider stops retrying on these: sending the same refused edit again would only be refused again. */
export function collabShouldReconnect(event: { code: number }): boolean {
  return !(event.code >= 4400 && event.code < 4500) && event.code !== 1009;
}
