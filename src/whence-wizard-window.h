/* whence-wizard-window.h
 *
 * How the main window and the application reach the report wizard, the
 * Cases window and the reminders.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "whence-case.h"
#include "whence-cases-view.h"
#include "whence-window.h"
#include "whence-wizard.h"

G_BEGIN_DECLS

void             _whence_window_class_init_report   (GtkWidgetClass *widget_class);
WhenceWizard    *whence_window_open_wizard          (WhenceWindow   *window,
                                                     guint           index);
WhenceCasesView *whence_window_show_cases           (WhenceWindow   *window);
WhenceCaseStore *whence_window_get_case_store       (WhenceWindow   *window,
                                                     GError        **error);
guint            whence_window_check_reminders      (WhenceWindow   *window);

G_END_DECLS
