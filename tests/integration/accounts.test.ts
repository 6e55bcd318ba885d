import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { action as signupAction, loader as signupLoader } from "~/routes/inscription";
import { action as loginAction, loader as loginLoader } from "~/routes/connexion";
import { action as logoutAction } from "~/routes/deconnexion";
import { action as verifyAction, loader as verifyLoader } from "~/routes/verifier-email";
import { action as forgotAction } from "~/routes/mot-de-passe-oublie";
import { action as resetAction, loader as resetLoader } from "~/routes/nouveau-mot-de-passe";
import { action as accountAction, loader as accountLoader } from "~/routes/compte";
import { action as newOrganisationAction, loader as newOrganisationLoader } from "~/routes/espace.organisations.nouvelle";
import { createGroupementFromIdea } from "~/models/groupement.server";
import { accountMailsSent } from "~/utils/account-mails.server";
import { getDb } from "~/utils/db.server";
import { resetRateLimits } from "~/utils/rate-limit.server";
import { hashToken } from "~/utils/tokens.server";
import { createActor, createOrganisationFor, createPublishedIdeaFor, PASSWORD } from "../helpers/actors";
import { actionArgs, formRequest, getRequest, loaderArgsFor, run } from "../helpers/requests";
import { linkIn, useTestSmtp } from "../helpers/smtp";

const smtp = useTestSmtp();
beforeEach(() => resetRateLimits());
// Account mails leave after the answer: each test waits for its own before the next one starts.
afterEach(() => accountMailsSent());

const db = () => getDb();
const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;
const cookieOf = (headers: Headers) => headers.get("Set-Cookie")?.split(";")[0] ?? "";

async function signUp(email: string, password = PASSWORD, clientIp?: string, redirectTo?: string) {
  const fields = { name: "Alex Martin", email, password, ...(redirectTo ? { redirectTo } : {}) };
  return run(() => signupAction(actionArgs(formRequest("/inscription", fields), {}, clientIp)));
}

/** What a visitor sees of an answer, the address they typed set aside. */
const seen = (response: { status: number; data: unknown }, email: string) => ({
  status: response.status,
  body: JSON.stringify(response.data).replaceAll(email, "ADRESSE"),
});

describe("sign-up", () => {
  it("creates the account and asks to check the mailbox, where a confirmation link waits", async () => {
    const response = await signUp("Alex.Martin@Exemple.org");
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ sentTo: "alex.martin@exemple.org" });
    // No session until the person logs in: a taken address could not be answered the same way.
    expect(response.headers.get("Set-Cookie")).toBeNull();

    const user = await db().user.findUniqueOrThrow({ where: { email: "alex.martin@exemple.org" } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(user.emailVerifiedAt).toBeNull();
    const mail = await smtp.server.waitFor("alex.martin@exemple.org", /Confirmez votre adresse/);
    expect(new URL(linkIn(mail)).pathname).toBe("/verifier-email");
    // Only the token's hash is stored.
    const token = tokenOf(linkIn(mail));
    expect(await db().userToken.count({ where: { tokenHash: token } })).toBe(0);
    expect(await db().userToken.count({ where: { tokenHash: hashToken(token) } })).toBe(1);
    // The password chosen opens the account, with a safe cookie.
    const login = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: "alex.martin@exemple.org", password: PASSWORD }))),
    );
    expect(login.status).toBe(302);
    expect(login.headers.get("Set-Cookie")).toMatch(
      /^cooperons_session=[\w-]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=2592000/,
    );
  });

  it("refuses a short password with a French message, keeps the e-mail typed, never echoes the password", async () => {
    const response = await signUp("court@exemple.org", "court");
    expect(response.status).toBe(400);
    const result = (response.data as { result: { error: Record<string, string[]>; initialValue: Record<string, string> } })
      .result;
    expect(result.error.password).toEqual(["Le mot de passe doit contenir au moins 10 caractères."]);
    expect(result.initialValue.email).toBe("court@exemple.org");
    expect(result.initialValue.password).toBeUndefined();
    expect(await db().user.count({ where: { email: "court@exemple.org" } })).toBe(0);
  });

  it("answers a taken address as a free one, and mails its owner instead", async () => {
    const owner = await createActor();
    const taken = await signUp(`  ${owner.email.toUpperCase()} `, "un autre mot de passe", "198.51.100.1");
    const free = await signUp("libre@exemple.org", "un autre mot de passe", "198.51.100.2");
    expect(seen(taken, owner.email)).toEqual(seen(free, "libre@exemple.org"));
    expect(JSON.stringify(taken.data)).not.toMatch(/existe|déjà|utilisée/);

    const mail = await smtp.server.waitFor(owner.email, /Quelqu'un a essayé de créer un compte avec votre adresse/);
    expect(mail.text).toMatch(/^http\S+\/connexion$/m);
    expect(mail.text).toMatch(/^http\S+\/mot-de-passe-oublie$/m);
    expect(await db().user.count({ where: { email: owner.email } })).toBe(1);
    // The owner's password is untouched.
    const login = await run(() => loginAction(actionArgs(formRequest("/connexion", { email: owner.email, password: PASSWORD }))));
    expect(login.status).toBe(302);
  });

  it("mails the owner of a taken address a log-in link back to the page the sign-up started from", async () => {
    const owner = await createActor();
    const idea = "/idees/cafes-du-dimanche";
    const taken = await signUp(owner.email, "un autre mot de passe", "198.51.100.9", idea);
    expect(taken.status).toBe(200);
    const mail = await smtp.server.waitFor(owner.email, /Quelqu'un a essayé de créer un compte avec votre adresse/);
    expect(mail.text).toContain(`/connexion?redirectTo=${encodeURIComponent(idea)}\n`);
  });

  it("gives four simultaneous sign-ups with one address the same answer, and makes one account", async () => {
    const responses = await Promise.all(
      [1, 2, 3, 4].map((index) => signUp("simultane@exemple.org", PASSWORD, `198.51.100.${index}`)),
    );
    expect(responses.map((response) => seen(response, "simultane@exemple.org"))).toEqual(
      Array(4).fill(seen(responses[0]!, "simultane@exemple.org")),
    );
    expect(responses[0]!.status).toBe(200);
    expect(await db().user.count({ where: { email: "simultane@exemple.org" } })).toBe(1);
  });

  it("limits sign-ups from one address", async () => {
    for (let index = 0; index < 5; index += 1) expect((await signUp(`rafale-${index}@exemple.org`)).status).toBe(200);
    const refused = await signUp("rafale-5@exemple.org");
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("Trop de tentatives");
    expect(await db().user.count({ where: { email: "rafale-5@exemple.org" } })).toBe(0);
  });
});

describe("e-mail confirmation", () => {
  it("confirms with a POST from the page the link opens, once", async () => {
    await signUp("confirme@exemple.org");
    const token = tokenOf(linkIn(await smtp.server.waitFor("confirme@exemple.org")));
    const page = await verifyLoader(loaderArgsFor(getRequest(`/verifier-email?token=${token}`)));
    expect(page).toMatchObject({ valid: true, email: "confirme@exemple.org" });
    // Opening the link changed nothing.
    expect((await db().user.findUniqueOrThrow({ where: { email: "confirme@exemple.org" } })).emailVerifiedAt).toBeNull();

    const confirmed = await run(() => verifyAction(actionArgs(formRequest("/verifier-email", { token }))));
    expect(confirmed.status).toBe(302);
    expect((await db().user.findUniqueOrThrow({ where: { email: "confirme@exemple.org" } })).emailVerifiedAt).toBeInstanceOf(
      Date,
    );

    const again = await run(() => verifyAction(actionArgs(formRequest("/verifier-email", { token }))));
    expect(again.status).toBe(400);
    expect(JSON.stringify(again.data)).toContain("n'est plus valable");
  });

  it("leads back to the page that asked for an account: sign-up, the mailed link, log-in", async () => {
    const claim = "/organisations/demo-pharmacie-exemple/revendiquer?preuve=email";
    const signup = await run(() =>
      signupAction(
        actionArgs(
          formRequest("/inscription", {
            name: "Alex Martin",
            email: "retour@exemple.org",
            password: PASSWORD,
            redirectTo: claim,
          }),
        ),
      ),
    );
    expect(signup.status).toBe(200);
    const link = new URL(linkIn(await smtp.server.waitFor("retour@exemple.org", /Confirmez votre adresse/)));
    expect(link.pathname).toBe("/verifier-email");
    expect(link.searchParams.get("redirectTo")).toBe(claim);

    const page = await verifyLoader(loaderArgsFor(getRequest(`${link.pathname}${link.search}`)));
    expect(page).toMatchObject({ valid: true, redirectTo: claim });
    const confirmed = await run(() =>
      verifyAction(actionArgs(formRequest("/verifier-email", { token: tokenOf(link.href), redirectTo: claim }))),
    );
    expect(confirmed.status).toBe(302);
    expect(confirmed.headers.get("Location")).toBe(`/connexion?email=confirme&redirectTo=${encodeURIComponent(claim)}`);
    // The log-in form starts with the address just confirmed: a cookie (the address stays out of
    // the address bar), short-lived, httpOnly.
    const hint = confirmed.headers.get("Set-Cookie")!;
    expect(hint).toMatch(
      /^cooperons_login_email=retour%40exemple\.org; Path=\/; HttpOnly; SameSite=Lax; Max-Age=900(; Secure)?$/,
    );
    const hintCookie = hint.split(";")[0]!;
    const loginPage = await run(() =>
      loginLoader(loaderArgsFor(getRequest(`/connexion?email=confirme&redirectTo=${encodeURIComponent(claim)}`, hintCookie))),
    );
    expect(loginPage.data).toEqual({ redirectTo: claim, email: "retour@exemple.org" });
    // Something that is not an address is no hint.
    const forged = await run(() => loginLoader(loaderArgsFor(getRequest("/connexion", "cooperons_login_email=%3Cscript%3E"))));
    expect(forged.data).toEqual({ redirectTo: null });

    const login = await run(() =>
      loginAction(
        actionArgs(formRequest("/connexion", { email: "retour@exemple.org", password: PASSWORD, redirectTo: claim }, hintCookie)),
      ),
    );
    expect(login.status).toBe(302);
    expect(login.headers.get("Location")).toBe(claim);
    // Logged in: the session's cookie, and the hint dropped.
    const cookies = login.headers.getSetCookie();
    expect(cookies[0]).toMatch(/^cooperons_session=/);
    expect(cookies[1]).toMatch(/^cooperons_login_email=; Path=\/; .*Max-Age=0/);
  });

  it("carries only a path of this site from the log-in and sign-up pages, and sends someone logged in on to it", async () => {
    for (const load of [loginLoader, signupLoader]) {
      const page = (path: string, cookie?: string) => run(() => load(loaderArgsFor(getRequest(path, cookie))));
      expect((await page("/connexion?redirectTo=%2Fannuaire%3Fpage%3D2")).data).toEqual({ redirectTo: "/annuaire?page=2" });
      expect((await page("/connexion?redirectTo=%2F%2Fevil.example%2F")).data).toEqual({ redirectTo: null });
      const actor = await createActor();
      const onward = await page("/connexion?redirectTo=%2Fannuaire", actor.cookie);
      expect([onward.status, onward.headers.get("Location")]).toEqual([302, "/annuaire"]);
      const elsewhere = await page("/connexion?redirectTo=https%3A%2F%2Fevil.example%2F", actor.cookie);
      expect([elsewhere.status, elsewhere.headers.get("Location")]).toEqual([302, "/espace"]);
    }
  });

  it("drops a destination on another site at each step", async () => {
    for (const [index, elsewhere] of ["//evil.example/x", "https://evil.example/", "/\t/evil.example"].entries()) {
      const email = `ailleurs-${index}@exemple.org`;
      await run(() =>
        signupAction(
          actionArgs(formRequest("/inscription", { name: "Alex Martin", email, password: PASSWORD, redirectTo: elsewhere })),
        ),
      );
      const link = new URL(linkIn(await smtp.server.waitFor(email, /Confirmez votre adresse/)));
      expect(link.searchParams.has("redirectTo")).toBe(false);
      const sneaked = `${link.pathname}${link.search}&redirectTo=${encodeURIComponent(elsewhere)}`;
      expect(await verifyLoader(loaderArgsFor(getRequest(sneaked)))).toMatchObject({ valid: true, redirectTo: null });
      const confirmed = await run(() =>
        verifyAction(actionArgs(formRequest("/verifier-email", { token: tokenOf(link.href), redirectTo: elsewhere }))),
      );
      expect(confirmed.headers.get("Location")).toBe("/connexion?email=confirme");
    }
  });
});

describe("log-in and log-out", () => {
  it("refuses a wrong password without saying which part is wrong", async () => {
    const actor = await createActor();
    const response = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password: "pas le bon mot de passe" }))),
    );
    expect(response.status).toBe(400);
    expect(JSON.stringify(response.data)).toContain("Adresse e-mail ou mot de passe incorrect.");
  });

  it("logs in and goes back to the page asked for, never to another site", async () => {
    const actor = await createActor();
    const ok = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password: PASSWORD, redirectTo: "/compte" }))),
    );
    expect(ok.status).toBe(302);
    expect(ok.headers.get("Location")).toBe("/compte");
    const evil = await run(() =>
      loginAction(
        actionArgs(formRequest("/connexion", { email: actor.email, password: PASSWORD, redirectTo: "//evil.example" })),
      ),
    );
    expect(evil.headers.get("Location")).toBe("/espace");
  });

  it("answers an unknown address as a wrong password", async () => {
    const actor = await createActor();
    const wrong = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password: "pas le bon" }))),
    );
    const unknown = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: "inconnu@exemple.org", password: "pas le bon" }))),
    );
    expect(seen(unknown, "inconnu@exemple.org")).toEqual(seen(wrong, actor.email));
  });

  it("lets the owner in after a stranger's failures from many addresses, whatever the address's case", async () => {
    const actor = await createActor();
    for (let index = 0; index < 10; index += 1) {
      const email = index % 2 ? actor.email.toUpperCase() : ` ${actor.email} `;
      const response = await run(() =>
        loginAction(
          actionArgs(formRequest("/connexion", { email, password: "mauvais mot de passe" }), {}, `198.51.100.${index}`),
        ),
      );
      expect(response.status).toBe(400);
    }
    const owner = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password: PASSWORD }), {}, "192.0.2.99")),
    );
    expect(owner.status).toBe(302);
  });

  it("refuses the 11th attempt after 10 failures from one address, right password or not; the owner elsewhere gets in", async () => {
    const actor = await createActor();
    const login = (password: string, clientIp: string, email = actor.email) =>
      run(() => loginAction(actionArgs(formRequest("/connexion", { email, password }), {}, clientIp)));
    for (let index = 0; index < 10; index += 1) {
      const email = index % 2 ? actor.email.toUpperCase() : ` ${actor.email} `;
      expect((await login("mauvais mot de passe", "198.51.100.7", email)).status).toBe(400);
    }
    const refused = await login(PASSWORD, "198.51.100.7");
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("Trop de tentatives. Réessayez dans 15 minutes.");
    expect((await login(PASSWORD, "192.0.2.8")).status).toBe(302);
  });

  it("counts failures only: a success clears the address's failures on the account", async () => {
    const actor = await createActor();
    const login = (password: string) =>
      run(() => loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password }), {}, "198.51.100.9")));
    for (let round = 0; round < 2; round += 1) {
      for (let index = 0; index < 9; index += 1) expect((await login("mauvais mot de passe")).status).toBe(400);
      expect((await login(PASSWORD)).status).toBe(302);
    }
  });

  it("logs out with a POST that deletes the session", async () => {
    const actor = await createActor();
    const before = await db().session.count({ where: { userId: actor.id } });
    const response = await run(() => logoutAction(actionArgs(formRequest("/deconnexion", {}, actor.cookie))));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/?deconnexion=ok");
    expect(response.headers.get("Set-Cookie")).toContain("Max-Age=0");
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(before - 1);
  });
});

describe("password reset", () => {
  it("mails a single-use link valid one hour, and logs out everywhere", async () => {
    const actor = await createActor();
    const sent = await run(() => forgotAction(actionArgs(formRequest("/mot-de-passe-oublie", { email: actor.email }))));
    expect(sent.status).toBe(200);
    const token = tokenOf(linkIn(await smtp.server.waitFor(actor.email, /Réinitialiser/)));
    const record = await db().userToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(record.expiresAt.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(record.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(60 * 60_000);
    expect(await resetLoader(loaderArgsFor(getRequest(`/nouveau-mot-de-passe?token=${token}`)))).toMatchObject({ valid: true });

    const reset = await run(() =>
      resetAction(actionArgs(formRequest("/nouveau-mot-de-passe", { token, password: "nouveau mot de passe !" }))),
    );
    expect(reset.status).toBe(302);
    await smtp.server.waitFor(actor.email, /Votre mot de passe a été changé/);
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(0);
    const login = await run(() =>
      loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password: "nouveau mot de passe !" }))),
    );
    expect(login.status).toBe(302);

    const reuse = await run(() =>
      resetAction(actionArgs(formRequest("/nouveau-mot-de-passe", { token, password: "encore un autre mot" }))),
    );
    expect(reuse.status).toBe(400);
  });

  it("refuses an expired link", async () => {
    const actor = await createActor();
    await run(() => forgotAction(actionArgs(formRequest("/mot-de-passe-oublie", { email: actor.email }))));
    const token = tokenOf(linkIn(await smtp.server.waitFor(actor.email, /Réinitialiser/)));
    await db().userToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resetLoader(loaderArgsFor(getRequest(`/nouveau-mot-de-passe?token=${token}`)))).toMatchObject({ valid: false });
    const response = await run(() =>
      resetAction(actionArgs(formRequest("/nouveau-mot-de-passe", { token, password: "nouveau mot de passe !" }))),
    );
    expect(response.status).toBe(400);
  });

  it("answers the same for an unknown address, and sends nothing", async () => {
    const actor = await createActor();
    const forgot = (email: string) => run(() => forgotAction(actionArgs(formRequest("/mot-de-passe-oublie", { email }))));
    const known = await forgot(actor.email);
    const unknown = await forgot("personne@exemple.org");
    expect(unknown.status).toBe(200);
    expect(seen(unknown, "personne@exemple.org")).toEqual(seen(known, actor.email));
    await smtp.server.waitFor(actor.email, /Réinitialiser/);
    await accountMailsSent();
    expect(smtp.server.mails.some((mail) => mail.to.includes("personne@exemple.org"))).toBe(false);
  });

  it("cannot be blocked by a stranger, nor fill the owner's mailbox", async () => {
    const actor = await createActor();
    const forgot = (email: string, clientIp: string) =>
      run(() => forgotAction(actionArgs(formRequest("/mot-de-passe-oublie", { email }), {}, clientIp)));
    // Twenty requests from rotating addresses, in every case and padding.
    const first = await forgot(actor.email, "198.51.100.0");
    for (let index = 1; index < 20; index += 1) {
      const email = index % 2 ? actor.email.toUpperCase() : ` ${actor.email} `;
      expect(seen(await forgot(email, `198.51.100.${index}`), email.trim().toLowerCase())).toEqual(seen(first, actor.email));
    }
    // The owner, from home, gets the same answer; the one mail sent holds a working link.
    expect(seen(await forgot(actor.email, "192.0.2.1"), actor.email)).toEqual(seen(first, actor.email));
    await accountMailsSent();
    const mails = smtp.server.mails.filter((mail) => mail.to.includes(actor.email));
    expect(mails).toHaveLength(1);
    const token = tokenOf(linkIn(mails[0]!));
    const reset = await run(() =>
      resetAction(actionArgs(formRequest("/nouveau-mot-de-passe", { token, password: "nouveau mot de passe !" }))),
    );
    expect(reset.status).toBe(302);
  });

  it("limits the requests from one client address", async () => {
    const forgot = (index: number) =>
      run(() => forgotAction(actionArgs(formRequest("/mot-de-passe-oublie", { email: `quelqu-un-${index}@exemple.org` }))));
    for (let index = 0; index < 5; index += 1) expect((await forgot(index)).status).toBe(200);
    const refused = await forgot(5);
    expect(refused.status).toBe(429);
    expect(JSON.stringify(refused.data)).toContain("Trop de tentatives. Réessayez dans 60 minutes.");
  });
});

describe("my account", () => {
  const post = (actor: { cookie: string }, fields: Record<string, string>) =>
    run(() => accountAction(actionArgs(formRequest("/compte", fields, actor.cookie))));

  it("lists my sessions, and logs out the others when the password changes", async () => {
    const actor = await createActor();
    const fromFirefox = formRequest("/connexion", { email: actor.email, password: PASSWORD });
    fromFirefox.headers.set("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0");
    const otherDevice = cookieOf(
      new Headers({ "Set-Cookie": (await run(() => loginAction(actionArgs(fromFirefox)))).headers.get("Set-Cookie")! }),
    );
    const page = (await accountLoader(loaderArgsFor(getRequest("/compte", actor.cookie)))) as {
      sessions: { current: boolean; device: string }[];
    };
    expect(page.sessions).toHaveLength(2);
    expect(page.sessions.filter((session) => session.current)).toHaveLength(1);
    // Each device in words (the raw header was shown).
    expect(page.sessions.find((session) => !session.current)?.device).toBe("Firefox sur Windows");

    expect(
      (
        await post(actor, {
          intent: "change-password",
          currentPassword: "faux mot de passe",
          newPassword: "nouveau mot de passe",
        })
      ).status,
    ).toBe(400);
    await accountMailsSent();
    const passwordMails = () =>
      smtp.server.mails.filter(
        (mail) => mail.to.includes(actor.email) && mail.subject.startsWith("Votre mot de passe a été changé"),
      );
    // A wrong current password changed nothing: nothing to tell.
    expect(passwordMails()).toHaveLength(0);
    // Nor the same password again: refused with the field's message, the other device still logged in.
    const same = await post(actor, { intent: "change-password", currentPassword: PASSWORD, newPassword: PASSWORD });
    expect(same.status).toBe(400);
    expect(JSON.stringify(same.data)).toContain("Choisissez un nouveau mot de passe différent de l'actuel.");
    expect(JSON.stringify(same.data)).not.toContain(PASSWORD);
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(2);
    expect(
      (await post(actor, { intent: "change-password", currentPassword: PASSWORD, newPassword: "nouveau mot de passe" })).status,
    ).toBe(200);
    // The account's address is told (someone else changing it would otherwise go unseen).
    expect((await smtp.server.waitFor(actor.email, /Votre mot de passe a été changé/)).text).toContain("/mot-de-passe-oublie");
    expect(passwordMails()).toHaveLength(1);
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(1);
    expect(await run(() => accountLoader(loaderArgsFor(getRequest("/compte", otherDevice))))).toMatchObject({ status: 302 });

    const login = (password: string) =>
      run(() => loginAction(actionArgs(formRequest("/connexion", { email: actor.email, password }))));
    expect((await login(PASSWORD)).status).toBe(400);
    expect((await login("nouveau mot de passe")).status).toBe(302);
  });

  it("changes the e-mail only once the new address is confirmed", async () => {
    const actor = await createActor();
    const newEmail = `nouvelle-${actor.id}@exemple.org`;
    expect((await post(actor, { intent: "change-email", email: newEmail, currentPassword: PASSWORD })).status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: actor.id } })).email).toBe(actor.email);
    const request = await smtp.server.waitFor(newEmail);
    // The link says what it is for: this address in place of the account's.
    expect(request.subject).toBe("Confirmez votre nouvelle adresse e-mail — Coopérons");
    expect(request.text).toContain(`à la place de ${actor.email}`);
    const token = tokenOf(linkIn(request));
    await accountMailsSent();
    const changedMail = (mail: { to: string[]; subject: string }) =>
      mail.to.includes(actor.email) && mail.subject.startsWith("L'adresse e-mail de votre compte a changé");
    expect(smtp.server.mails.filter(changedMail)).toHaveLength(0);
    await run(() => verifyAction(actionArgs(formRequest("/verifier-email", { token }))));
    expect((await db().user.findUniqueOrThrow({ where: { id: actor.id } })).email).toBe(newEmail);
    // Once moved, the address the account had is told, and where to write if it was not the person.
    const told = await smtp.server.waitFor(actor.email, /L'adresse e-mail de votre compte a changé/);
    expect(told.text).toContain(`Votre compte Coopérons utilise désormais l'adresse ${newEmail}`);
    expect(told.text).toMatch(/écrivez sans tarder à \S+@\S+\./);
    expect(smtp.server.mails.filter(changedMail)).toHaveLength(1);
  });

  it("answers a change to a taken address as to a free one, and tells the address's owner instead", async () => {
    const [actor, owner] = await Promise.all([createActor(), createActor()]);
    const taken = await post(actor, { intent: "change-email", email: owner.email.toUpperCase(), currentPassword: PASSWORD });
    const free = await post(actor, { intent: "change-email", email: "libre-compte@exemple.org", currentPassword: PASSWORD });
    expect(seen(taken, owner.email)).toEqual(seen(free, "libre-compte@exemple.org"));
    expect(JSON.stringify(taken.data)).not.toMatch(/déjà utilisée/);
    const mail = await smtp.server.waitFor(owner.email, /Votre adresse e-mail demandée pour un autre compte/);
    expect(mail.text).toContain("rien n'a changé");
    await accountMailsSent();
    // The owner gets no link that would move the address to the other account.
    expect(smtp.server.mails.filter((item) => item.to.includes(owner.email))).toHaveLength(1);
    expect((await db().user.findUniqueOrThrow({ where: { id: actor.id } })).email).toBe(actor.email);
  });

  it("sends at most 3 confirmation links an hour per account and per address mailed", async () => {
    const [actor, other] = await Promise.all([createActor(), createActor()]);
    const target = `cible-${actor.id}@exemple.org`;
    const statuses = [];
    for (let index = 0; index < 20; index += 1) {
      statuses.push((await post(actor, { intent: "change-email", email: target, currentPassword: PASSWORD })).status);
    }
    expect(statuses).toEqual([200, 200, 200, ...Array(17).fill(429)]);
    const refused = await post(actor, { intent: "change-email", email: target, currentPassword: PASSWORD });
    expect(JSON.stringify(refused.data)).toContain(
      "Trop de liens de confirmation demandés en une heure. Réessayez dans 60 minutes.",
    );
    expect(refused.data).toMatchObject({ result: { initialValue: { email: target } } });
    // Another account, the same target: refused too.
    expect(
      (await post(other, { intent: "change-email", email: ` ${target.toUpperCase()}`, currentPassword: PASSWORD })).status,
    ).toBe(429);
    await accountMailsSent();
    expect(smtp.server.mails.filter((mail) => mail.to.includes(target))).toHaveLength(3);
  });

  it("resends a confirmation link at most 3 times an hour", async () => {
    const actor = await createActor({ verified: false });
    const statuses = [];
    for (let index = 0; index < 5; index += 1) statuses.push((await post(actor, { intent: "resend-verification" })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    await accountMailsSent();
    expect(smtp.server.mails.filter((mail) => mail.to.includes(actor.email))).toHaveLength(3);
  });

  it("names on the new-structure page only a published idea the person came from: an unknown or unpublished one is not named", async () => {
    const actor = await createActor();
    const [call, owner] = await Promise.all([db().call.findFirstOrThrow({ select: { id: true } }), createActor()]);
    const organisation = await createOrganisationFor(owner);
    const idea = (slug: string, status: string) =>
      db().idea.create({
        data: {
          slug,
          title: `Idée ${slug}`,
          summary: "",
          description: "",
          targetPublic: "",
          organisationId: organisation.id,
          callId: call.id,
          status,
        },
      });
    await Promise.all([idea(`publiee-${organisation.slug}`, "published"), idea(`attente-${organisation.slug}`, "pending")]);
    const ideaOf = async (search: string) =>
      (
        (await newOrganisationLoader(loaderArgsFor(getRequest(`/espace/organisations/nouvelle${search}`, actor.cookie)))) as {
          idea: unknown;
        }
      ).idea;
    expect(await ideaOf(`?idee=publiee-${organisation.slug}`)).toEqual({
      slug: `publiee-${organisation.slug}`,
      title: `Idée publiee-${organisation.slug}`,
    });
    expect(await ideaOf(`?idee=attente-${organisation.slug}`)).toBeNull();
    expect(await ideaOf("?idee=inconnue")).toBeNull();
    expect(await ideaOf(`?idee=${"x".repeat(300)}`)).toBeNull();
  });

  it("asks an unconfirmed person who wants to create a structure to confirm first, and mails a link back to that page", async () => {
    const actor = await createActor({ verified: false });
    const page = await newOrganisationLoader(loaderArgsFor(getRequest("/espace/organisations/nouvelle", actor.cookie)));
    expect(page).toEqual({ unverified: { email: actor.email, resent: false }, subAxes: [], idea: null });
    const newOrganisation = (fields: Record<string, string>) =>
      run(() => newOrganisationAction(actionArgs(formRequest("/espace/organisations/nouvelle", fields, actor.cookie))));
    // Creating one is still refused.
    expect((await newOrganisation({ name: "Une structure" })).status).toBe(403);

    // The page sends the link again itself, and answers with a redirect (a reload sends nothing).
    const resent = await newOrganisation({ intent: "resend-verification" });
    expect(resent.status).toBe(302);
    expect(resent.headers.get("Location")).toBe("/espace/organisations/nouvelle?lien=renvoye");
    const after = await newOrganisationLoader(
      loaderArgsFor(getRequest("/espace/organisations/nouvelle?lien=renvoye", actor.cookie)),
    );
    expect(after).toMatchObject({ unverified: { resent: true } });
    const link = new URL(linkIn(await smtp.server.waitFor(actor.email, /Confirmez votre adresse/)));
    expect(link.searchParams.get("redirectTo")).toBe("/espace/organisations/nouvelle");

    // Counted with the account's other links: 3 an hour.
    expect((await newOrganisation({ intent: "resend-verification" })).status).toBe(302);
    expect((await newOrganisation({ intent: "resend-verification" })).status).toBe(302);
    const fourth = await newOrganisation({ intent: "resend-verification" });
    expect(fourth.status).toBe(429);
    expect(JSON.stringify(fourth.data)).toContain("Trop de liens de confirmation demandés en une heure. Réessayez dans");
    await accountMailsSent();
    expect(smtp.server.mails.filter((mail) => mail.to.includes(actor.email))).toHaveLength(3);
  });

  it("renames, resends the confirmation link, and logs out one other device", async () => {
    const actor = await createActor({ verified: false });
    expect((await post(actor, { intent: "change-name", name: "" })).status).toBe(400);
    expect((await post(actor, { intent: "change-name", name: "Camille Nouveau" })).status).toBe(200);
    expect((await db().user.findUniqueOrThrow({ where: { id: actor.id } })).name).toBe("Camille Nouveau");

    expect((await post(actor, { intent: "resend-verification" })).status).toBe(200);
    await smtp.server.waitFor(actor.email, /Confirmez votre adresse/);

    const other = await db().session.create({
      data: { id: `autre-${actor.id}`, userId: actor.id, expiresAt: new Date(Date.now() + 86_400_000) },
    });
    expect((await post(actor, { intent: "revoke-session", sessionId: other.id })).status).toBe(200);
    expect(await db().session.findUnique({ where: { id: other.id } })).toBeNull();
    const page = (await accountLoader(loaderArgsFor(getRequest("/compte", actor.cookie)))) as {
      user: { name: string };
      sessions: unknown[];
    };
    expect(page.user.name).toBe("Camille Nouveau");
    expect(page.sessions).toHaveLength(1);

    const noDevice = await post(actor, { intent: "revoke-session" });
    expect(noDevice.status).toBe(400);
    expect(noDevice.data).toMatchObject({ error: "Choisissez l'appareil à déconnecter." });
  });

  it("cannot log out another person's session", async () => {
    const [actor, victim] = await Promise.all([createActor(), createActor()]);
    const [victimSession] = await db().session.findMany({ where: { userId: victim.id } });
    await post(actor, { intent: "revoke-session", sessionId: victimSession!.id });
    expect(await db().session.findUnique({ where: { id: victimSession!.id } })).not.toBeNull();
  });

  it("logs out everywhere", async () => {
    const actor = await createActor();
    const response = await post(actor, { intent: "logout-everywhere" });
    expect(response.status).toBe(302);
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(0);
  });

  it("deletes the account and unpublishes an organisation left without admin", async () => {
    const actor = await createActor();
    const alone = await createOrganisationFor(actor);
    const coAdmin = await createActor();
    const shared = await createOrganisationFor(actor);
    await db().membership.create({ data: { userId: coAdmin.id, organisationId: shared.id, role: "admin" } });

    expect((await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "supprimer" })).status).toBe(400);
    const response = await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "SUPPRIMER" });
    expect(response.status).toBe(302);
    expect(await db().user.findUnique({ where: { id: actor.id } })).toBeNull();
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(0);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: alone.id } })).status).toBe("unpublished");
    expect((await db().organisation.findUniqueOrThrow({ where: { id: shared.id } })).status).toBe("published");
  });

  /** A groupement led by `lead`, built from one of its ideas, with `others` as members. */
  async function groupementLedBy(lead: { id: string }, others: { id: string; status: string }[]) {
    const idea = await createPublishedIdeaFor(lead.id);
    const groupement = await createGroupementFromIdea(db(), idea.id);
    for (const other of others)
      await db().groupementMember.create({
        data: { groupementId: groupement.id, organisationId: other.id, status: other.status },
      });
    return groupement;
  }

  it("is not deleted while it is the last admin of a groupement's lead another structure could take over: told what to do, nothing changed", async () => {
    const actor = await createActor();
    const lead = await createOrganisationFor(actor);
    const partner = await createOrganisationFor(await createActor());
    const groupement = await groupementLedBy(lead, [{ id: partner.id, status: "active" }]);

    const page = (await accountLoader(loaderArgsFor(getRequest("/compte", actor.cookie)))) as { orphanedLeads: unknown };
    expect(page.orphanedLeads).toEqual([
      { groupementId: groupement.id, title: "Veilleurs de palier", organisationId: lead.id, organisationName: lead.name },
    ]);
    const response = await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "SUPPRIMER" });
    expect(response.status).toBe(409);
    expect(response.data).toMatchObject({
      result: {
        error: {
          "": [
            "Votre compte n'a pas été supprimé : confiez d'abord le rôle de chef de file du groupement « Veilleurs de palier », ou nommez un autre administrateur, comme indiqué ci-dessus.",
          ],
        },
      },
    });
    expect(await db().user.findUnique({ where: { id: actor.id } })).not.toBeNull();
    expect(await db().session.count({ where: { userId: actor.id } })).toBe(1);
    expect((await db().organisation.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("published");
  });

  it("is deleted where nobody could take the lead over: partners only invited, without an admin here, or of a kind that may not lead", async () => {
    const actor = await createActor();
    const lead = await createOrganisationFor(actor);
    const invited = await createOrganisationFor(await createActor());
    const withoutAdmin = await createOrganisationFor(await createActor());
    await db().membership.deleteMany({ where: { organisationId: withoutAdmin.id } });
    const cityService = await createOrganisationFor(await createActor());
    await db().organisation.update({ where: { id: cityService.id }, data: { kind: "etablissement-public-ville" } });
    await groupementLedBy(lead, [
      { id: invited.id, status: "invited" },
      { id: withoutAdmin.id, status: "active" },
      { id: cityService.id, status: "active" },
    ]);

    const page = (await accountLoader(loaderArgsFor(getRequest("/compte", actor.cookie)))) as { orphanedLeads: unknown };
    expect(page.orphanedLeads).toEqual([]);
    expect((await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "SUPPRIMER" })).status).toBe(302);
    expect(await db().user.findUnique({ where: { id: actor.id } })).toBeNull();
  });

  it("leaves a structure without administrator that no longer keeps its SIRET from the real one created again", async () => {
    const SIRET = "41203158000001";
    const actor = await createActor();
    const gone = await createOrganisationFor(actor);
    await db().organisation.update({ where: { id: gone.id }, data: { siret: SIRET } });
    const newcomer = await createActor();
    const create = () =>
      run(() =>
        newOrganisationAction(
          actionArgs(
            formRequest(
              "/espace/organisations/nouvelle",
              {
                name: "Les Jardins du Ranzay",
                shortDescription: "Des jardins où voisins isolés et bénévoles cultivent ensemble.",
                sector: "associatif",
                kind: "association",
                siret: SIRET,
                quartiers: ["doulon-bottiere"],
                subAxes: ["2.1"],
              },
              newcomer.cookie,
            ),
          ),
        ),
      );
    // While its administrator is there: « demandez à ses administrateurs de vous inviter ».
    const refused = await create();
    expect(refused.status).toBe(409);
    expect(JSON.stringify(refused.data)).toContain("demandez à ses administrateurs de vous inviter");

    expect((await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "SUPPRIMER" })).status).toBe(302);
    const created = await create();
    expect(created.status).toBe(302);
    const mine = await db().organisation.findFirstOrThrow({
      where: { memberships: { some: { userId: newcomer.id } } },
      select: { siret: true, status: true },
    });
    expect(mine).toEqual({ siret: SIRET, status: "pending" });
    expect(await db().organisation.findUniqueOrThrow({ where: { id: gone.id }, select: { siret: true, status: true } })).toEqual({
      siret: null,
      status: "unpublished",
    });
  });

  it("leaves a structure where an editor remains, which keeps its SIRET", async () => {
    const SIRET = "41203158000019";
    const [actor, editor] = await Promise.all([createActor(), createActor()]);
    const kept = await createOrganisationFor(actor);
    await db().organisation.update({ where: { id: kept.id }, data: { siret: SIRET } });
    await db().membership.create({ data: { userId: editor.id, organisationId: kept.id, role: "editor" } });
    expect((await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "SUPPRIMER" })).status).toBe(302);

    const newcomer = await createActor();
    const fields = {
      name: "Atelier Vélo du Ranzay",
      shortDescription: "Un atelier où réparer son vélo avec des voisins.",
      sector: "associatif",
      kind: "association",
      siret: SIRET,
      quartiers: ["doulon-bottiere"],
      subAxes: ["2.1"],
    };
    const refused = await run(() =>
      newOrganisationAction(actionArgs(formRequest("/espace/organisations/nouvelle", fields, newcomer.cookie))),
    );
    expect(refused.status).toBe(409);
    expect(await db().organisation.findUniqueOrThrow({ where: { id: kept.id }, select: { siret: true } })).toEqual({
      siret: SIRET,
    });
  });

  it("is deleted once another admin can act for the lead, or when the lead is alone in its groupement", async () => {
    const actor = await createActor();
    const lead = await createOrganisationFor(actor);
    const partner = await createOrganisationFor(await createActor());
    await groupementLedBy(lead, [{ id: partner.id, status: "active" }]);
    const coAdmin = await createActor();
    await db().membership.create({ data: { userId: coAdmin.id, organisationId: lead.id, role: "admin" } });
    const alone = await createOrganisationFor(actor);
    await groupementLedBy(alone, []);
    // Member, not lead, of someone else's groupement: the lead still has its admin.
    const member = await createOrganisationFor(actor);
    await groupementLedBy(partner, [{ id: member.id, status: "active" }]);

    const page = (await accountLoader(loaderArgsFor(getRequest("/compte", actor.cookie)))) as { orphanedLeads: unknown };
    expect(page.orphanedLeads).toEqual([]);
    const response = await post(actor, { intent: "delete-account", currentPassword: PASSWORD, confirm: "SUPPRIMER" });
    expect(response.status).toBe(302);
    expect(await db().user.findUnique({ where: { id: actor.id } })).toBeNull();
    expect((await db().organisation.findUniqueOrThrow({ where: { id: lead.id } })).status).toBe("published");
    expect((await db().organisation.findUniqueOrThrow({ where: { id: alone.id } })).status).toBe("unpublished");
  });
});
