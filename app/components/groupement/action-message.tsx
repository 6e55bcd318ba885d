import { ErrorSummary, FormErrors, Notice } from "~/components/forms";
import type { WorkspaceActionData } from "./types";

/**
 * The notice or error of the last action, next to the form it came from (its intent starts with
 * `prefix`). Each form of the workspace is sent to its section (sectionAction): without JavaScript
 * the page comes back there, this message at the top of the screen. A field refused by the server
 * (a filing day after today, a budget below 0) is said here too, a link to its own message, which
 * may sit lower.
 */
export function ActionMessage({
  actionData,
  prefix,
  subjectOf,
}: {
  actionData: WorkspaceActionData;
  prefix: string;
  /** What the form sent was about, by its intent (« Contribution de l'association X »), for a list of forms alike. */
  subjectOf?: (intent: string) => string | undefined;
}) {
  if (!actionData?.intent.startsWith(prefix)) return null;
  const fieldRefused =
    !actionData.error &&
    actionData.result?.status === "error" &&
    Object.entries(actionData.result.error ?? {}).some(([name, errors]) => name !== "" && errors?.length);
  const subject = fieldRefused ? subjectOf?.(actionData.intent) : undefined;
  return (
    <>
      {actionData.notice ? <Notice>{actionData.notice}</Notice> : null}
      <FormErrors errors={actionData.error ? [actionData.error] : undefined} />
      {fieldRefused ? (
        // Each field in error a link to its message (the form's id is its intent): a long form,
        // such as the project's, has them far below.
        <div className="notice notice-warning">
          <p>
            {subject
              ? `${subject} : rien n'a été enregistré, corrigez ce qui est signalé ci-dessous.`
              : "Rien n'a été enregistré : corrigez ce qui est signalé ci-dessous."}
          </p>
          <ErrorSummary formId={actionData.intent} result={actionData.result!} />
        </div>
      ) : null}
    </>
  );
}

/** The field errors and input of the last submission of one form, for conform's `lastResult`. */
export function resultFor(actionData: WorkspaceActionData, intent: string) {
  return actionData?.intent === intent ? actionData.result : undefined;
}
