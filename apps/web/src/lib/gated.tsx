import { useId, type ButtonHTMLAttributes } from 'react';
import { deniedProps, usePermission, type Action } from './permissions';

/**
 * A button for an action the role matrix may refuse: for a role that may not, it stays in the tab order
 * but does nothing, and says why on hover and to screen readers (lib/permissions), so nobody fills a form
 * or clicks only to read a refusal from the server.
 */
export function GatedButton({ action, onClick, children, ...rest }: { action: Action } & ButtonHTMLAttributes<HTMLButtonElement>) {
  const may = usePermission(action);
  const reasonId = useId();
  return (
    <>
      <button type="button" {...rest} onClick={may.allowed ? onClick : undefined} {...deniedProps(may, reasonId)}>
        {children}
      </button>
      {!may.allowed && (
        <span id={reasonId} className="sr-only">
          {may.reason}
        </span>
      )}
    </>
  );
}
