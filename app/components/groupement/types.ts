// The workspace's data as the route's loader and action send it: every panel's props are cut from
// these, so a field renamed in the loader is a type error here rather than a blank in the page.
import type { useActionData, useLoaderData } from "@remix-run/react";
import type { action, loader } from "~/routes/groupements.$id._index";

export type WorkspaceData = ReturnType<typeof useLoaderData<typeof loader>>;
export type WorkspaceGroupement = WorkspaceData["groupement"];
export type WorkspaceMember = WorkspaceData["members"][number];
export type WorkspaceActionData = ReturnType<typeof useActionData<typeof action>>;
