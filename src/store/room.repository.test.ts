import { expect, it } from "vitest";
import { describeEachDatabase } from "../../test/databases.js";
import { newClinic, newRoom } from "../../test/factories.js";
import { createRoom, findRoomById, listRooms, updateRoom } from "./room.repository.js";

describeEachDatabase("room repository", (ctx) => {
  it("round-trips rooms and lists them by name, optionally only active ones", async () => {
    const clinic = await newClinic(ctx.store);
    const b = await createRoom(ctx.store.db, {
      clinicId: clinic.id,
      name: "B room",
      kind: "consult",
      active: false,
    });
    const a = await createRoom(ctx.store.db, { clinicId: clinic.id, name: "A room" });

    expect(await findRoomById(ctx.store.db, clinic.id, b.id)).toEqual({
      id: b.id,
      clinicId: clinic.id,
      name: "B room",
      kind: "consult",
      active: false,
    });
    expect(a.kind).toBe("treatment");
    expect(await listRooms(ctx.store.db, clinic.id)).toEqual([a, b]);
    expect(await listRooms(ctx.store.db, clinic.id, { activeOnly: true })).toEqual([a]);
  });

  it("changes a room's kind", async () => {
    const clinic = await newClinic(ctx.store);
    const room = await newRoom(ctx.store, clinic.id);
    expect(await updateRoom(ctx.store.db, clinic.id, room.id, { kind: "consult" })).toBe(true);
    expect((await findRoomById(ctx.store.db, clinic.id, room.id))?.kind).toBe("consult");
  });

  it("does not find another clinic's room", async () => {
    const [mine, theirs] = await Promise.all([newClinic(ctx.store), newClinic(ctx.store)]);
    const room = await newRoom(ctx.store, theirs.id);
    expect(await findRoomById(ctx.store.db, mine.id, room.id)).toBeUndefined();
  });
});
