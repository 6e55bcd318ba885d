// The workspace's data as the route's loader and action send it: every panel's props are cut from
// these, so a field renamed in the loader is a type error here rather than a blank in the page.
import type { useActionData, useLoaderData } from "@remix-run/react";
import type { action, loader } from "~/routes/groupements.$id._index";

type PageData = ReturnType<typeof useLoaderData<typeof loader>>;
export type WorkspaceData = Extract<PageData, { view: "workspace" }>;
/** What the people of an invited structure see until it accepts. */
export type InvitationData = Extract<PageData, { view: "invitation" }>;
export type WorkspaceGroupement = WorkspaceData["groupement"];
export type WorkspaceMember = WorkspaceData["members"][number];
export type WorkspaceActionData = ReturnType<typeof useActionData<typeof action>>;
