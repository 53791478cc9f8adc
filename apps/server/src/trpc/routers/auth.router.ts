import { loginInput, passwordSchema, setupInput } from '@troncal/domain/schemas';
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { SESSION_COOKIE, sessionCookieFrom } from '../../auth/tokens';
import {
  cambiarPasswordPropia,
  DemasiadosIntentosError,
  estadoAuth,
  login,
  logout,
  setupInicial,
  usuarioSesion,
} from '../../services/auth.service';
import type { Context } from '../context';
import { protectedProcedure, publicProcedure, router } from '../init';

function abrirSesion(ctx: Context, sesion: { value: string; maxAgeSeconds: number }) {
  ctx.http?.setCookie(SESSION_COOKIE, sesion.value, { maxAgeSeconds: sesion.maxAgeSeconds });
}

/** Login, logout and first-run setup: with health, the only procedures an anonymous caller may use. */
export const authRouter = router({
  /** Where the SPA starts: is there a session, and does Troncal still need its first admin? */
  estado: publicProcedure.query(({ ctx }) => estadoAuth(ctx.db, ctx.user)),

  /** Creates the first admin and signs them in; refused with CONFLICT once any user exists. */
  setup: publicProcedure.input(setupInput).mutation(async ({ ctx, input }) => {
    const r = await setupInicial(ctx.db, input, ctx.env.TRONCAL_SESSION_HOURS);
    abrirSesion(ctx, r.sesion);
    return r.usuario;
  }),

  login: publicProcedure.input(loginInput).mutation(async ({ ctx, input }) => {
    try {
      const r = await login(ctx.db, input, { ip: ctx.http?.ip, sessionHours: ctx.env.TRONCAL_SESSION_HOURS });
      // A previous session in this browser is replaced, not left behind.
      await logout(ctx.db, sessionCookieFrom(ctx.http?.cookie));
      abrirSesion(ctx, r.sesion);
      return r.usuario;
    } catch (e) {
      if (e instanceof DemasiadosIntentosError) throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: e.message });
      throw e;
    }
  }),

  /** Anonymous on purpose: logging out with an expired session must still clear the cookie. */
  logout: publicProcedure.mutation(async ({ ctx }) => {
    await logout(ctx.db, sessionCookieFrom(ctx.http?.cookie));
    ctx.http?.clearCookie(SESSION_COOKIE);
    return { ok: true as const };
  }),

  yo: protectedProcedure.query(({ ctx }) => usuarioSesion(ctx.user)),

  /** Any signed-in user changes their own password, proving the current one; other sessions close. */
  cambiarPassword: protectedProcedure
    .input(z.object({ actual: z.string().min(1, 'Este campo es obligatorio.').max(200), nueva: passwordSchema }))
    .mutation(async ({ ctx, input }) => {
      await cambiarPasswordPropia(ctx.db, ctx.user, input.actual, input.nueva);
      return { ok: true as const };
    }),
});
