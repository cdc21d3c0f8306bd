/* whence-renderer.c
 *
 * Without a graphics card, OpenGL is emulated on the CPU (Mesa's llvmpipe),
 * and GTK's GL renderer then costs each frame far more than drawing with
 * cairo: while 1,000 emails stream into the list, frames took up to ~40 ms
 * instead of ~17 ms (bench/stall.sh). So on emulated GL the windows are
 * drawn with cairo; a real GPU keeps GTK's choice, and GSK_RENDERER set by
 * the person always wins.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-renderer"

#include "config.h"

#include <string.h>

#include <epoxy/gl.h>
#include <gtk/gtk.h>

#include "whence-renderer.h"

/**
 * whence_renderer_is_software:
 * @gl_renderer: (nullable): the GL_RENDERER string
 *
 * Returns: whether it names one of Mesa's CPU rasterizers
 */
gboolean
whence_renderer_is_software (const char *gl_renderer)
{
  static const char *software[] = { "llvmpipe", "softpipe", "Software Rasterizer", "SWR" };

  if (gl_renderer == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (software); i++)
    if (strstr (gl_renderer, software[i]) != NULL)
      return TRUE;
  return FALSE;
}

/**
 * whence_renderer_choose:
 *
 * Call after gtk_init() and before the first window is shown: GTK reads
 * GSK_RENDERER once, when it makes the first renderer.
 */
void
whence_renderer_choose (void)
{
  GdkDisplay *display = gdk_display_get_default ();
  g_autoptr(GdkGLContext) context = NULL;
  g_autoptr(GError) error = NULL;
  const char *gl_renderer;

  if (display == NULL || g_getenv ("GSK_RENDERER") != NULL)
    return;

  context = gdk_display_create_gl_context (display, &error);
  if (context == NULL || !gdk_gl_context_realize (context, &error))
    {
      g_debug ("No GL to ask: %s", error != NULL ? error->message : "unknown");
      return;
    }

  gdk_gl_context_make_current (context);
  gl_renderer = (const char *) glGetString (GL_RENDERER);
  g_debug ("GL renderer: %s", gl_renderer != NULL ? gl_renderer : "(none)");
  if (whence_renderer_is_software (gl_renderer))
    g_setenv ("GSK_RENDERER", "cairo", FALSE);
  gdk_gl_context_clear_current ();
}
