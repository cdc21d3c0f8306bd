/* whence-paste-dialog.c
 *
 * For people whose mail lives in webmail they cannot save from: they can copy
 * the "show original" text and paste it here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-paste-dialog"

#include "config.h"

#include "whence-paste-dialog.h"

struct _WhencePasteDialog
{
  AdwWindow    parent_instance;

  GtkTextView *text_view;
};

G_DEFINE_FINAL_TYPE (WhencePasteDialog, whence_paste_dialog, ADW_TYPE_WINDOW)

enum {
  HEADERS_PASTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
dup_text (WhencePasteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static void
update_trace_enabled (WhencePasteDialog *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "paste.trace",
                                 gtk_text_buffer_get_char_count (buffer) > 0);
}

static void
trace_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  WhencePasteDialog *self = WHENCE_PASTE_DIALOG (widget);
  g_autofree char *text = dup_text (self);

  g_signal_emit (self, signals[HEADERS_PASTED], 0, text);
  gtk_window_close (GTK_WINDOW (self));
}

static void
whence_paste_dialog_class_init (WhencePasteDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  /**
   * WhencePasteDialog::headers-pasted:
   * @text: what the person pasted
   */
  signals[HEADERS_PASTED] = g_signal_new ("headers-pasted",
                                          G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/whence-paste-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WhencePasteDialog, text_view);

  gtk_widget_class_install_action (widget_class, "paste.trace", NULL, trace_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "paste.trace", NULL);
}

static void
whence_paste_dialog_init (WhencePasteDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Ready for Ctrl+V: the person has just copied the text. (Set here, not
   * in the template, where the text view is not in the window yet.) */
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->text_view));

  g_signal_connect_object (gtk_text_view_get_buffer (self->text_view), "changed",
                           G_CALLBACK (update_trace_enabled), self, G_CONNECT_SWAPPED);
  update_trace_enabled (self);
}

WhencePasteDialog *
whence_paste_dialog_new (GtkWindow *parent)
{
  return g_object_new (WHENCE_TYPE_PASTE_DIALOG, "transient-for", parent, NULL);
}
