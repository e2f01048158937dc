import { z } from "zod";
import { STAFF_ROLES } from "../../domain/accounts/principal.js";
import {
  addClinicProduct,
  changeClinicProduct,
  listClinicProducts,
} from "../../services/clinic/products.service.js";
import { assignPatientRoutine, getPatientRoutine } from "../../services/patients/routine.service.js";
import type { AppContext } from "../app-context.js";
import { serviceDepsFor } from "../app-context.js";
import { requireClinicRole, requireSignedIn } from "../auth/guards.js";
import { clinicParams, patientParams, problems, SIGNED_IN } from "../schemas/common.js";
import {
  newProductBody,
  productChangesBody,
  productParams,
  productResponse,
  routineBody,
  routineResponse,
} from "../schemas/routine.js";
import type { Api } from "./api.js";

/** The clinic's skincare catalog (staff read, admins write) and the routine a provider assigns a patient. */
export function registerRoutineRoutes(api: Api, ctx: AppContext): void {
  const security = SIGNED_IN;

  api.get(
    "/api/v1/clinics/:slug/products",
    {
      schema: {
        operationId: "listClinicProducts",
        tags: ["products"],
        security,
        summary: "The clinic's skincare products, retired ones too, by name (staff)",
        params: clinicParams,
        response: { 200: z.object({ products: z.array(productResponse) }), ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, STAFF_ROLES);
      const products = await listClinicProducts(serviceDepsFor(ctx, principal), principal);
      return { products: products.map(productOut) };
    },
  );

  api.post(
    "/api/v1/clinics/:slug/products",
    {
      schema: {
        operationId: "createClinicProduct",
        tags: ["products"],
        security,
        summary: "Add a skincare product and its kind to the catalog (admin)",
        params: clinicParams,
        body: newProductBody,
        response: { 201: productResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const product = await addClinicProduct(serviceDepsFor(ctx, principal), principal, request.body);
      return reply.code(201).send(productOut(product));
    },
  );

  api.patch(
    "/api/v1/clinics/:slug/products/:productId",
    {
      schema: {
        operationId: "updateClinicProduct",
        tags: ["products"],
        security,
        summary: "Rename, re-kind or retire a product (admin); routines naming it follow",
        params: productParams,
        body: productChangesBody,
        response: { 200: productResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const principal = requireClinicRole(request, request.params.slug, ["admin"]);
      const deps = serviceDepsFor(ctx, principal);
      return productOut(await changeClinicProduct(deps, principal, request.params.productId, request.body));
    },
  );

  api.get(
    "/api/v1/patients/:id/routine",
    {
      schema: {
        operationId: "getPatientRoutine",
        tags: ["intake and plans"],
        security,
        summary: "The skincare routine assigned to the patient (the patient, or staff: audited)",
        params: patientParams,
        response: { 200: routineResponse, ...problems(400, 401, 404) },
      },
    },
    async (request) => {
      const principal = requireSignedIn(request);
      return getPatientRoutine(serviceDepsFor(ctx, principal), principal, request.params.id);
    },
  );

  api.put(
    "/api/v1/patients/:id/routine",
    {
      schema: {
        operationId: "assignPatientRoutine",
        tags: ["intake and plans"],
        security,
        summary:
          "Assign the patient's skincare routine, replacing the previous one (provider or admin); the timeline dates its pauses around the bookings",
        params: patientParams,
        body: routineBody,
        response: { 200: routineResponse, ...problems(400, 401, 403, 404) },
      },
    },
    async (request) => {
      // Whether the patient is reachable (404) comes before whether the role may assign (403), in the service.
      const principal = requireSignedIn(request);
      const deps = serviceDepsFor(ctx, principal);
      return assignPatientRoutine(deps, principal, request.params.id, request.body.items);
    },
  );
}

/** The product without its clinic id (the path names the clinic). */
function productOut(product: Awaited<ReturnType<typeof addClinicProduct>>) {
  return {
    id: product.id,
    name: product.name,
    kind: product.kind,
    active: product.active,
    createdAt: product.createdAt,
  };
}
