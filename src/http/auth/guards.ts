import type { FastifyRequest } from "fastify";
import type { Role, SessionPrincipal } from "../../domain/accounts/principal.js";
import { forbidden, unauthenticated } from "../../domain/errors.js";
import { noSuchClinic } from "../../services/access.js";

/** 401 unless someone is signed in. */
export function requireSignedIn(request: FastifyRequest): SessionPrincipal {
  if (!request.principal) throw unauthenticated();
  return request.principal;
}

/** 401 when anonymous, 403 when the role is not among `roles`. */
export function requireRole(request: FastifyRequest, roles: readonly Role[]): SessionPrincipal {
  const principal = requireSignedIn(request);
  if (!roles.includes(principal.role)) throw forbidden();
  return principal;
}

/**
 * For `/clinics/{slug}/…` routes: 401 when anonymous; 404 for another clinic's slug (as for an
 * unknown one); 403 for the right clinic but the wrong role. Needs nothing but the principal.
 */
export function requireClinicRole(
  request: FastifyRequest,
  slug: string,
  roles: readonly Role[],
): SessionPrincipal {
  const principal = requireSignedIn(request);
  if (principal.clinicSlug !== slug) throw noSuchClinic();
  if (!roles.includes(principal.role)) throw forbidden();
  return principal;
}
