import type { SessionPrincipal } from "../../domain/accounts/principal.js";
import { DomainError } from "../../domain/errors.js";
import type { ProductKind } from "../../domain/protocol/codes.js";
import {
  type ClinicProduct,
  createProduct,
  findProductById,
  listProducts,
  type ProductChanges,
  updateProduct,
} from "../../store/product.repository.js";
import { withWriteTransaction } from "../../store/transaction.js";
import { auditStaffAction } from "../audit.js";
import type { ServiceDeps } from "../service-deps.js";

export interface ProductInput {
  name: string;
  kind: ProductKind;
}

/** The principal's clinic's skincare products, retired ones too, by name. */
export async function listClinicProducts(
  deps: ServiceDeps,
  principal: SessionPrincipal,
): Promise<ClinicProduct[]> {
  return listProducts(deps.store.db, principal.clinicId);
}

/** Adds a product to the catalog; the setup revision and the audit row commit with it. */
export async function addClinicProduct(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  input: ProductInput,
): Promise<ClinicProduct> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    const product = await createProduct(trx, { ...input, clinicId: principal.clinicId, createdAt: at });
    await auditStaffAction(trx, principal, "product.create", at, {
      productId: product.id,
      kind: product.kind,
    });
    return product;
  });
}

/**
 * Renames, re-kinds or retires a product. Routines that name it follow: their pauses come from
 * the product's kind as it is when they are read.
 */
export async function changeClinicProduct(
  deps: ServiceDeps,
  principal: SessionPrincipal,
  productId: string,
  changes: ProductChanges,
): Promise<ClinicProduct> {
  const at = deps.clock.now().toString();
  return withWriteTransaction(deps.store, async (trx) => {
    if (!(await updateProduct(trx, principal.clinicId, productId, changes))) throw noSuchProduct();
    const product = await findProductById(trx, principal.clinicId, productId);
    if (!product) throw noSuchProduct();
    await auditStaffAction(trx, principal, "product.update", at, {
      productId,
      changed: Object.keys(changes).sort(),
    });
    return product;
  });
}

function noSuchProduct(): DomainError {
  return new DomainError("not_found", "No such product.");
}
