import { FormErrors, Notice } from "~/components/forms";
import { useHydrated } from "~/utils/use-hydrated";
import type { WorkspaceActionData } from "./types";

/** The notice or error of the last action, next to the form it came from (its intent starts with `prefix`). */
export function ActionMessage({ actionData, prefix }: { actionData: WorkspaceActionData; prefix: string }) {
  if (!actionData?.intent.startsWith(prefix)) return null;
  return (
    <>
      {actionData.notice ? <Notice>{actionData.notice}</Notice> : null}
      <FormErrors errors={actionData.error ? [actionData.error] : undefined} />
    </>
  );
}

/** The field errors and input of the last submission of one form, for conform's `lastResult`. */
export function resultFor(actionData: WorkspaceActionData, intent: string) {
  return actionData?.intent === intent ? actionData.result : undefined;
}

/** Actions whose message already sits at the top of the workspace (a filing's, once filed). */
const SAID_AT_TOP = ["changed", "accept-invitation", "decline-invitation", "answer-question"];

/**
 * Without JavaScript the page comes back at its top after a form is sent, while the message of
 * most actions sits beside its form, far below (members, documents, a refused filing: thousands of
 * pixels on a phone): it is said at the top too. With JavaScript the page stays where it was, and
 * it is not.
 */
export function ActionMessageAtTop({ actionData, filed }: { actionData: WorkspaceActionData; filed: boolean }) {
  const hydrated = useHydrated();
  if (hydrated || !actionData || (!actionData.notice && !actionData.error)) return null;
  const saidAtTop = filed ? [...SAID_AT_TOP, "submit"] : SAID_AT_TOP;
  if (saidAtTop.some((prefix) => actionData.intent.startsWith(prefix))) return null;
  return <ActionMessage actionData={actionData} prefix="" />;
}
