/* pcre2-nojit.c — LD_PRELOAD shim for valgrind runs.
 *
 * PCRE2 compiles regular expressions to machine code (JIT) that memcheck
 * cannot follow: it reports every match as a use of uninitialised memory.
 * Refusing JIT makes GLib fall back to PCRE2's interpreter, which memcheck
 * checks like any other code, so no suppression is needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define PCRE2_ERROR_JIT_BADOPTION (-45)

int pcre2_jit_compile_8 (void *code, unsigned int options);

int
pcre2_jit_compile_8 (void         *code,
                     unsigned int  options)
{
  (void) code;
  (void) options;

  return PCRE2_ERROR_JIT_BADOPTION;
}
