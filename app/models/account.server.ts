// A person's own account, as they manage it from "Mon compte": name, password, notification
// choice, and the devices they are logged in on.
import type { NOTIFICATION_MODES } from "~/domain/schemas/idea";
import { hashPassword, verifyPassword } from "~/utils/auth.server";
import { isUniqueViolation, type Db } from "~/utils/db.server";
import { consumeToken, createUser, getUserByEmail } from "./user.server";

/**
 * Creates an account; null when the address already has one, including when a simultaneous
 * sign-up with the same address got there first.
 */
export async function createAccountUnlessTaken(
  db: Db,
  { name, email, passwordHash }: { name: string; email: string; passwordHash: string },
) {
  if (await getUserByEmail(db, email)) return null;
  try {
    return await createUser(db, { name, email, passwordHash });
  } catch (error) {
    if (isUniqueViolation(error)) return null;
    throw error;
  }
}

export async function getNotificationMode(db: Db, userId: string) {
  const user = await db.user.findUniqueOrThrow({ where: { id: userId }, select: { notificationMode: true } });
  return user.notificationMode;
}

export async function passwordMatches(db: Db, userId: string, password: string) {
  const record = await db.user.findUnique({ where: { id: userId }, select: { passwordHash: true } });
  return Boolean(record && (await verifyPassword(record.passwordHash, password)));
}

export async function renameUser(db: Db, userId: string, name: string) {
  await db.user.update({ where: { id: userId }, data: { name } });
}

export async function setNotificationMode(db: Db, userId: string, mode: (typeof NOTIFICATION_MODES)[number]["code"]) {
  await db.user.update({ where: { id: userId }, data: { notificationMode: mode } });
}

/** Sets a new password; every other device must then log in again with it. */
export async function changePassword(
  db: Db,
  { userId, password, keepSessionId }: { userId: string; password: string; keepSessionId: string | null },
) {
  const passwordHash = await hashPassword(password);
  await db.$transaction([
    db.user.update({ where: { id: userId }, data: { passwordHash } }),
    db.session.deleteMany({ where: { userId, id: { not: keepSessionId ?? "" } } }),
  ]);
}

/** Logs out one of the person's devices (a session of someone else is left alone). */
export async function revokeSession(db: Db, { userId, sessionId }: { userId: string; sessionId: string }) {
  await db.session.deleteMany({ where: { id: sessionId, userId } });
}

export async function revokeAllSessions(db: Db, userId: string) {
  await db.session.deleteMany({ where: { userId } });
}

/** Sets a new password from a reset link (used once); whoever knew the old one is logged out everywhere. */
export async function resetPasswordWithToken(
  db: Db,
  { tokenId, userId, passwordHash }: { tokenId: string; userId: string; passwordHash: string },
) {
  return db.$transaction(async (tx) => {
    if (!(await consumeToken(tx, tokenId))) return false;
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await tx.session.deleteMany({ where: { userId } });
    return true;
  });
}

/** Confirms the address a link was sent to (used once); a change-email link also sets it as the account's. */
export async function confirmEmailWithToken(
  db: Db,
  { tokenId, userId, email }: { tokenId: string; userId: string; email: string },
) {
  return db.$transaction(async (tx) => {
    if (!(await consumeToken(tx, tokenId))) return false;
    await tx.user.update({ where: { id: userId }, data: { email, emailVerifiedAt: new Date() } });
    return true;
  });
}
