import { FormErrors, Notice } from "~/components/forms";
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
