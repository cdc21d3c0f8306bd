/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "whence-application.h"
#include "whence-cli.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(WhenceApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* The command line never touches GTK: it must run without a display. */
  if (whence_cli_handles (argc, argv))
    return whence_cli_run (argc, argv);

  app = whence_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
