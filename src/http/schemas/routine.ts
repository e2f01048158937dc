import { z } from "zod";
import { PRODUCT_KINDS, ROUTINE_TIMES } from "../../domain/protocol/codes.js";
import { productKindCode, routineSchema } from "../../domain/protocol/plan-input.schema.js";
import { id, instantOut, slug, text } from "./common.js";

export const productParams = z.strictObject({
  slug,
  productId: id,
});

export const newProductBody = z.strictObject({
  name: text({ max: 200 }),
  kind: productKindCode,
});

export const productChangesBody = z.strictObject({
  name: text({ max: 200 }).optional(),
  kind: productKindCode.optional(),
  /** false retires the product: routines that name it still read, it is not assigned anew. */
  active: z.boolean().optional(),
});

export const productResponse = z.object({
  id,
  name: z.string(),
  kind: z.enum(PRODUCT_KINDS),
  active: z.boolean(),
  createdAt: instantOut,
});

export const routineBody = z.strictObject({ items: routineSchema });

export const routineResponse = z.object({
  patientId: id,
  items: z.array(
    z.object({
      kind: z.enum(PRODUCT_KINDS),
      productId: z.string().nullable(),
      name: z.string(),
      times: z.array(z.enum(ROUTINE_TIMES)),
      label: z.string(),
      advice: z.string(),
      pausedAroundSessions: z.boolean(),
    }),
  ),
  assignedBy: z.string().nullable().meta({ description: "Account id of the provider who assigned it" }),
  assignedAt: instantOut.nullable(),
});
