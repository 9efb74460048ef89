import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHandler } from 'express';
import { fieldsOf } from '../http/fields.js';

const READ_ONLY = 'GET, HEAD';
const WITH_FORMS = 'GET, HEAD, POST';

/**
 * Methods, before anything else reads the request: OPTIONS says what a path takes; any method
 * but GET, HEAD and POST gets a 405 page naming them (`Allow`), never a CSRF refusal or a 500.
 * Paths that take a POST are the forms' (`acceptsPost`); a POST anywhere else finds no page (404).
 */
export function methodGuard(acceptsPost: (path: string) => boolean): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'POST') return next();
    const allow = acceptsPost(req.path) ? WITH_FORMS : READ_ONLY;
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') return res.status(204).end();
    res.status(405).render('errors/method-not-allowed.njk');
  };
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; title: string[] }> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    title: ['Sorğunun başlıqları çox böyükdür', 'The request headers are too large', 'Заголовки запроса слишком велики'],
  },
};
const BAD_REQUEST = { status: 400, reason: 'Bad Request', title: ['Sorğu oxuna bilmir', 'The request cannot be read', 'Запрос не удаётся прочитать'] };
const NEXT = ['Brauzerinizin kukilərini silin və yenidən cəhd edin.', 'Clear this site’s cookies in your browser and try again.', 'Удалите файлы cookie этого сайта в браузере и попробуйте снова.'];

/**
 * Node answers a request it cannot parse (headers too large, malformed) before the app sees it,
 * with an empty body. We answer with a page in the three languages, since no language can be read.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || fieldsOf(error).code === 'ECONNRESET') return socket.destroy();
    const kind = CLIENT_ERRORS[error.code ?? ''] ?? BAD_REQUEST;
    const body = `<!DOCTYPE html><html lang="az"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${kind.title[0]}</title></head><body>${kind.title
      .map((title, index) => `<section lang="${['az', 'en', 'ru'][index]}"><h1>${title}</h1><p>${NEXT[index]}</p></section>`)
      .join('')}</body></html>`;
    socket.end(
      `HTTP/1.1 ${kind.status} ${kind.reason}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
