import { describe, expect, it } from 'vitest';
import { Slots } from '../../src/documents/slots.js';

describe('places for uploads in flight', () => {
  it('gives a place while there is one; a release lets the first waiting one in, and releasing twice gives back one place', async () => {
    const slots = new Slots(2, 60_000);
    const first = (await slots.take())!;
    const second = (await slots.take())!;
    expect(slots.inUse).toBe(2);
    const waiting = slots.take();
    first();
    first();
    const third = await waiting;
    expect(third).toBeTypeOf('function');
    expect(slots.inUse).toBe(2);
    second();
    third!();
    expect(slots.inUse).toBe(0);
  });

  it('turns away one that waited its time, and one that finds the waiting line full', async () => {
    const slots = new Slots(1, 10, 1);
    const held = (await slots.take())!;
    const waited = slots.take();
    expect(await slots.take()).toBeUndefined();
    expect(await waited).toBeUndefined();
    held();
    expect(slots.inUse).toBe(0);
  });
});
