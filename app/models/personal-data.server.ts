// « Télécharger mes données » (/compte/donnees.json): everything the site keeps about one person,
// for the rights of access and portability the privacy page promises. Never a password hash, a
// token or a session's id (the hash of its cookie): what proves who someone is stays out of files.
import type { Db } from "~/utils/db.server";
import { AUDIT_ACTIONS, type AuditAction } from "./audit.server";

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export async function getPersonalData(db: Db, userId: string) {
  const account = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      id: true,
      name: true,
      email: true,
      emailVerifiedAt: true,
      notificationMode: true,
      isCcas: true,
      ccasRole: true,
      createdAt: true,
      updatedAt: true,
    },
  });
  const { email } = account;
  const [
    memberships,
    organisationInvitations,
    staffInvitations,
    sessions,
    notifications,
    savedSearches,
    alertSetting,
    alerts,
    interests,
    interestInvitations,
    contactMessages,
    reports,
    groupementChanges,
    reviewNotes,
    reviewQuestions,
    auditEntries,
    claims,
  ] = await Promise.all([
    db.membership.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { role: true, createdAt: true, organisation: { select: { name: true, slug: true } } },
    }),
    db.invitation.findMany({
      where: { email },
      select: { role: true, createdAt: true, expiresAt: true, acceptedAt: true, organisation: { select: { name: true } } },
    }),
    db.staffInvitation.findMany({
      where: { email },
      select: { role: true, createdAt: true, expiresAt: true, acceptedAt: true, revokedAt: true },
    }),
    db.session.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { userAgent: true, createdAt: true, lastSeenAt: true, expiresAt: true },
    }),
    db.notification.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { subject: true, body: true, link: true, createdAt: true, mailedAt: true },
    }),
    db.savedSearch.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { name: true, query: true, paused: true, activeSince: true, lastRunAt: true, createdAt: true, updatedAt: true },
    }),
    db.alertSetting.findUnique({ where: { userId }, select: { ideaAlerts: true, updatedAt: true } }),
    db.alertDelivery.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { entityType: true, title: true, url: true, reason: true, createdAt: true },
    }),
    db.interest.findMany({
      where: { authorId: userId },
      orderBy: { createdAt: "asc" },
      select: {
        message: true,
        resources: true,
        status: true,
        declineReason: true,
        createdAt: true,
        decidedAt: true,
        idea: { select: { title: true, slug: true } },
        organisation: { select: { name: true } },
      },
    }),
    db.interestInvitation.findMany({
      where: { authorId: userId },
      orderBy: { createdAt: "asc" },
      select: {
        message: true,
        createdAt: true,
        idea: { select: { title: true, slug: true } },
        organisation: { select: { name: true } },
        senderOrganisation: { select: { name: true } },
      },
    }),
    db.contactMessage.findMany({
      where: { senderEmail: email },
      orderBy: { createdAt: "asc" },
      select: { senderName: true, senderEmail: true, body: true, createdAt: true, organisation: { select: { name: true } } },
    }),
    db.report.findMany({
      where: { reporterId: userId },
      orderBy: { createdAt: "asc" },
      select: { entityType: true, entityId: true, reason: true, resolution: true, createdAt: true, resolvedAt: true },
    }),
    db.groupementChange.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: { userName: true, summary: true, createdAt: true, groupement: { select: { title: true } } },
    }),
    db.groupementNote.findMany({
      where: { authorId: userId },
      orderBy: { createdAt: "asc" },
      select: { body: true, createdAt: true, groupement: { select: { title: true } } },
    }),
    db.groupementQuestion.findMany({
      where: { OR: [{ askedById: userId }, { answeredById: userId }] },
      orderBy: { askedAt: "asc" },
      select: {
        question: true,
        askedAt: true,
        answer: true,
        answeredAt: true,
        askedById: true,
        answeredById: true,
        groupement: { select: { title: true } },
      },
    }),
    db.auditEntry.findMany({
      where: { actorId: userId },
      orderBy: { createdAt: "asc" },
      select: { action: true, subjectType: true, subjectId: true, detail: true, createdAt: true },
    }),
    db.profileClaim.findMany({
      where: { userId },
      orderBy: { createdAt: "asc" },
      select: {
        method: true,
        status: true,
        email: true,
        documentKind: true,
        documentFile: true,
        note: true,
        reason: true,
        createdAt: true,
        proofConfirmedAt: true,
        decidedAt: true,
        organisation: { select: { name: true, slug: true } },
      },
    }),
  ]);

  return {
    generatedAt: new Date(),
    account,
    memberships: memberships.map((row) => ({ organisation: row.organisation, role: row.role, since: row.createdAt })),
    organisationInvitations: organisationInvitations.map(({ organisation, ...row }) => ({
      organisation: organisation.name,
      ...row,
    })),
    staffInvitations,
    sessions: sessions.map((row) => ({
      device: row.userAgent,
      createdAt: row.createdAt,
      lastSeenAt: row.lastSeenAt,
      expiresAt: row.expiresAt,
    })),
    notifications,
    savedSearches: savedSearches.map((row) => ({ ...row, query: parseJson(row.query) })),
    alertSettings: alertSetting ?? { ideaAlerts: true, updatedAt: null },
    alerts,
    interestsWritten: interests.map(({ idea, organisation, ...row }) => ({
      idea: idea.title,
      ideaSlug: idea.slug,
      onBehalfOf: organisation.name,
      ...row,
      resources: row.resources.split(" ").filter(Boolean),
    })),
    interestInvitationsWritten: interestInvitations.map(({ idea, organisation, senderOrganisation, ...row }) => ({
      idea: idea.title,
      ideaSlug: idea.slug,
      invited: organisation.name,
      onBehalfOf: senderOrganisation.name,
      ...row,
    })),
    contactMessagesSent: contactMessages.map(({ organisation, ...row }) => ({ to: organisation.name, ...row })),
    reports,
    // « C'est ma structure »: the claims made, their proof (the document named, not copied) and the answer.
    profileClaims: claims.map(({ organisation, documentFile, ...row }) => ({
      organisation: organisation.name,
      organisationSlug: organisation.slug,
      ...row,
      documentKept: documentFile !== null,
    })),
    groupementChanges: groupementChanges.map(({ groupement, ...row }) => ({ groupement: groupement.title, ...row })),
    ccas: {
      reviewNotes: reviewNotes.map(({ groupement, ...row }) => ({ groupement: groupement.title, ...row })),
      questions: reviewQuestions.map(({ groupement, askedById, answeredById, ...row }) => ({
        groupement: groupement.title,
        asked: askedById === userId,
        answered: answeredById === userId,
        ...row,
      })),
      journal: auditEntries.map((row) => ({ ...row, label: AUDIT_ACTIONS[row.action as AuditAction] ?? row.action })),
    },
  };
}
