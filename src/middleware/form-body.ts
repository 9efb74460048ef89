import express, { type RequestHandler } from 'express';

/**
 * Form bodies (`application/x-www-form-urlencoded`), read the way browsers write them: UTF-8, with
 * a percent-sequence that is not UTF-8 read as the replacement character, which every text field
 * refuses with a message, rather than kept as the literal "%FF" a decoder that gives up leaves.
 * A field sent twice becomes a list; more fields than any form has is refused as a bad request.
 */
export function formBody(limit: string, maxFields: number): RequestHandler {
  const text = express.text({ type: 'application/x-www-form-urlencoded', limit });
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.is('application/x-www-form-urlencoded')) return next();
    text(req, res, (error?: unknown) => {
      if (error) return next(error);
      const params = new URLSearchParams(typeof req.body === 'string' ? req.body : '');
      const body: Record<string, string | string[]> = Object.create(null);
      let count = 0;
      for (const [key, value] of params) {
        count += 1;
        if (count > maxFields) return next(Object.assign(new Error('Too many fields'), { status: 413, type: 'parameters.too.many' }));
        const known = body[key];
        body[key] = known === undefined ? value : Array.isArray(known) ? [...known, value] : [known, value];
      }
      req.body = body;
      next();
    });
  };
}
