// On an idea's page and its groupement's workspace, for the admins of the idea's structure: the
// way to the move page when the idea belongs to a call other than the current open or coming one
// (the link of the mail sent when that call was published, for whoever missed it).
import { Link } from "@remix-run/react";
import type { MoveLink } from "~/models/call-edition.server";
import { Notice } from "./forms";

export function MoveToCall({ move }: { move: MoveLink }) {
  const what = move.withGroupement ? "cette idée et son groupement" : "cette idée";
  return (
    <Notice tone="info" confirmation={false}>
      <p>
        {move.withGroupement ? "Cette idée et son groupement sont rattachés" : "Cette idée est rattachée"} à « {move.fromTitle} ».
        Le CCAS a publié « {move.toTitle} » : vous pouvez y rattacher {what}.
      </p>
      <p>
        <Link to={move.href}>
          Rattacher {what} à « {move.toTitle} »…
        </Link>
      </p>
    </Notice>
  );
}
