/* test-renderer.c — which GL renderer names mean OpenGL emulated on the
 * CPU, where the windows draw with cairo instead (whence-renderer.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib.h>

#include "whence-renderer.h"

static void
test_is_software (void)
{
  static const struct {
    const char *gl_renderer;
    gboolean    software;
  } cases[] = {
    { "llvmpipe (LLVM 15.0.6, 256 bits)", TRUE },
    { "softpipe", TRUE },
    { "Mesa DRI Intel(R) HD Graphics 620 (KBL GT2)", FALSE },
    { "Software Rasterizer", TRUE },
    { "AMD Radeon RX 6600 (navi23, LLVM 15.0.6, DRM 3.49, 6.1.0-13-amd64)", FALSE },
    { "NVIDIA GeForce GTX 1650/PCIe/SSE2", FALSE },
    { "Gallium 0.4 on SWR", TRUE },
    { "", FALSE },
    { NULL, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].gl_renderer != NULL ? cases[i].gl_renderer : "(null)");
      g_assert_cmpint (whence_renderer_is_software (cases[i].gl_renderer), ==, cases[i].software);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/renderer/is-software", test_is_software);
  return g_test_run ();
}
