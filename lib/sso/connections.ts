import "server-only";
import { randomUUID, X509Certificate } from "node:crypto";
import type { Principal } from "@/lib/auth/principal";
import { requireRecentStepUp } from "@/lib/auth/step-up";
import { db } from "@/lib/db/client";
import type { SsoConnection } from "@/lib/generated/prisma/client";
import { emit } from "@/lib/events/emit";
import type { ClientInfo } from "@/lib/http/client-info";
import { ApiError, conflict, notFound } from "@/lib/http/errors";
import { seal } from "@/lib/mfa/secret-box";
import { isPlausibleRef, type OrgRef } from "@/lib/organizations/context";
import type { CreateConnectionInput, UpdateConnectionInput } from "@/lib/validation/sso";
import { MetadataError, parseIdpMetadata, toPem, type IdpSettings } from "./idp-metadata";
import { requireOwner, requireReader } from "./owner-access";
import { acsUrl, oidcRedirectUri, spEntityId, spMetadataUrl } from "./urls";

// An organization's identity-provider connections (API.md, "Enterprise single sign-on"). Owners
// add them after a password re-check (step-up): a connection decides who may sign in as the
// organization's people. The OIDC client secret is sealed and never returned.

const MAX_CONNECTIONS = 5;
export const clientSecretContext = (connectionId: string) => `sso:${connectionId}`;

const invalid = (field: string, message: string) => new ApiError("validation_failed", message, { errors: { [field]: [message] } });

/** Each certificate must parse, carry an RSA or EC key, and be at most two (current and next). */
function checkedCertificates(certificates: string[], field: string): string[] {
  if (certificates.length > 2) throw invalid(field, "Keep at most two certificates: the current one and the next.");
  return certificates.map((raw) => {
    const pem = toPem(raw);
    try {
      const cert = new X509Certificate(pem);
      if (cert.publicKey.asymmetricKeyType !== "rsa" && cert.publicKey.asymmetricKeyType !== "ec") throw new Error("key type");
    } catch {
      throw invalid(field, "That is not an X.509 certificate with an RSA or EC key.");
    }
    return pem;
  });
}

function fromMetadata(xml: string): IdpSettings {
  try {
    const settings = parseIdpMetadata(xml);
    return { ...settings, idpCertificates: checkedCertificates(settings.idpCertificates, "idpMetadataXml") };
  } catch (error) {
    if (error instanceof MetadataError) throw invalid("idpMetadataXml", error.message);
    throw error;
  }
}

const fingerprint = (pem: string) => {
  try {
    const cert = new X509Certificate(pem);
    return { sha256: cert.fingerprint256, notAfter: new Date(cert.validTo) };
  } catch {
    return { sha256: null, notAfter: null };
  }
};

export function connectionView(row: SsoConnection) {
  const base = {
    id: row.id,
    type: row.type,
    defaultRole: row.defaultRole,
    enforced: row.enforced,
    idpEnforcesMfa: row.idpEnforcesMfa,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (row.type === "saml") {
    return {
      ...base,
      idpEntityId: row.idpEntityId,
      idpSsoUrl: row.idpSsoUrl,
      idpCertificates: row.idpCertificates.map(fingerprint),
      spEntityId: spEntityId(row.id),
      acsUrl: acsUrl(row.id),
      spMetadataUrl: spMetadataUrl(row.id),
    };
  }
  return { ...base, issuer: row.issuer, clientId: row.clientId, redirectUri: oidcRedirectUri(row.id) };
}
export type ConnectionView = ReturnType<typeof connectionView>;

const noSuchConnection = () => notFound("No such connection in this organization.");

export async function listConnections(principal: Principal, ref: OrgRef) {
  const access = await requireReader(principal, ref);
  const rows = await db().ssoConnection.findMany({ where: { organizationId: access.organization.id }, orderBy: { createdAt: "asc" } });
  return { items: rows.map(connectionView) };
}

export async function getConnection(principal: Principal, ref: OrgRef, id: string) {
  const access = await requireReader(principal, ref);
  return connectionView(await findConnection(access.organization.id, id));
}

async function findConnection(organizationId: string, id: string) {
  if (!isPlausibleRef(id)) throw noSuchConnection();
  const row = await db().ssoConnection.findFirst({ where: { id, organizationId } });
  if (!row) throw noSuchConnection();
  return row;
}

export async function createConnection(principal: Principal, ref: OrgRef, input: CreateConnectionInput, client: ClientInfo) {
  const access = await requireOwner(principal, ref);
  requireRecentStepUp(principal);
  const organizationId = access.organization.id;
  const id = randomUUID();
  const protocol =
    input.type === "oidc"
      ? {
          issuer: input.issuer.replace(/\/$/, ""),
          clientId: input.clientId,
          clientSecretBox: seal(input.clientSecret, clientSecretContext(id)),
        }
      : "idpMetadataXml" in input
        ? fromMetadata(input.idpMetadataXml)
        : {
            idpEntityId: input.idpEntityId,
            idpSsoUrl: input.idpSsoUrl,
            idpCertificates: checkedCertificates(
              [input.idpCertificate, ...(input.idpCertificateNext ? [input.idpCertificateNext] : [])],
              "idpCertificate",
            ),
          };
  return db().$transaction(async (tx) => {
    if ((await tx.ssoConnection.count({ where: { organizationId } })) >= MAX_CONNECTIONS) {
      throw conflict(`An organization can have at most ${MAX_CONNECTIONS} connections.`);
    }
    const row = await tx.ssoConnection.create({
      data: {
        id,
        organizationId,
        type: input.type,
        defaultRole: input.defaultRole ?? "member",
        enforced: input.enforced ?? false,
        idpEnforcesMfa: input.idpEnforcesMfa ?? false,
        ...protocol,
      },
    });
    await emit(tx, {
      type: "sso.connection_created",
      organizationId,
      ...access.actor,
      client,
      metadata: { connectionId: id, type: input.type, enforced: row.enforced },
    });
    return connectionView(row);
  });
}

export async function updateConnection(principal: Principal, ref: OrgRef, id: string, input: UpdateConnectionInput, client: ClientInfo) {
  const access = await requireOwner(principal, ref);
  requireRecentStepUp(principal);
  const organizationId = access.organization.id;
  const current = await findConnection(organizationId, id);
  const data: Partial<SsoConnection> = {};
  if (input.defaultRole !== undefined) data.defaultRole = input.defaultRole;
  if (input.enforced !== undefined) data.enforced = input.enforced;
  if (input.idpEnforcesMfa !== undefined) data.idpEnforcesMfa = input.idpEnforcesMfa;
  const samlFields = ["idpMetadataXml", "idpEntityId", "idpSsoUrl", "idpCertificate", "idpCertificateNext"] as const;
  const oidcFields = ["issuer", "clientId", "clientSecret"] as const;
  const wrong = current.type === "saml" ? oidcFields.find((f) => input[f] !== undefined) : samlFields.find((f) => input[f] !== undefined);
  if (wrong) throw invalid(wrong, `A ${current.type.toUpperCase()} connection has no ${wrong}.`);
  if (current.type === "saml") {
    if (input.idpMetadataXml) Object.assign(data, fromMetadata(input.idpMetadataXml));
    if (input.idpEntityId) data.idpEntityId = input.idpEntityId;
    if (input.idpSsoUrl) data.idpSsoUrl = input.idpSsoUrl;
    if (input.idpCertificate !== undefined || input.idpCertificateNext !== undefined) {
      const currentCert = input.idpCertificate ?? current.idpCertificates[0]!;
      const next = input.idpCertificateNext === undefined ? current.idpCertificates[1] : input.idpCertificateNext;
      data.idpCertificates = checkedCertificates([currentCert, ...(next ? [next] : [])], "idpCertificate");
    }
  } else {
    if (input.issuer) data.issuer = input.issuer.replace(/\/$/, "");
    if (input.clientId) data.clientId = input.clientId;
    if (input.clientSecret) data.clientSecretBox = seal(input.clientSecret, clientSecretContext(id));
  }
  return db().$transaction(async (tx) => {
    const [row] = await tx.ssoConnection.updateManyAndReturn({ where: { id, organizationId }, data });
    if (!row) throw noSuchConnection();
    await emit(tx, {
      type: "sso.connection_updated",
      organizationId,
      ...access.actor,
      client,
      // What changed, never a secret's value.
      metadata: { connectionId: id, changed: Object.keys(input).sort(), enforced: row.enforced },
    });
    return connectionView(row);
  });
}

export async function deleteConnection(principal: Principal, ref: OrgRef, id: string, client: ClientInfo) {
  const access = await requireOwner(principal, ref);
  requireRecentStepUp(principal);
  const organizationId = access.organization.id;
  await findConnection(organizationId, id);
  await db().$transaction(async (tx) => {
    const { count } = await tx.ssoConnection.deleteMany({ where: { id, organizationId } });
    if (count === 0) throw noSuchConnection();
    await emit(tx, { type: "sso.connection_deleted", organizationId, ...access.actor, client, metadata: { connectionId: id } });
  });
}
