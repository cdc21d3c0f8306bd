/* whence-deadline.c
 *
 * One time limit for the RDAP fetches and the DNS queries alike.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-deadline"

#include "config.h"

#include "whence-deadline.h"

static gboolean
on_deadline (gpointer user_data)
{
  WhenceDeadline *self = user_data;

  self->timed_out = TRUE;
  g_cancellable_cancel (self->cancellable);

  return G_SOURCE_REMOVE;
}

static void
on_parent_cancelled (GCancellable *parent,
                     gpointer      user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
}

/**
 * whence_deadline_start:
 * @self: a zero-filled deadline
 * @parent: (nullable): the caller's cancellable
 * @timeout_ms: the time limit, counted in the thread-default main context
 */
void
whence_deadline_start (WhenceDeadline *self,
                       GCancellable   *parent,
                       guint           timeout_ms)
{
  self->cancellable = g_cancellable_new ();
  if (parent != NULL)
    {
      self->parent = g_object_ref (parent);
      self->parent_handler = g_cancellable_connect (parent, G_CALLBACK (on_parent_cancelled),
                                                    self->cancellable, NULL);
    }
  self->source = g_timeout_source_new (timeout_ms);
  g_source_set_callback (self->source, on_deadline, self, NULL);
  g_source_attach (self->source, g_main_context_get_thread_default ());
}

/* Stops the clock and lets go of the caller's cancellable; @self may be
 * zero-filled (never started). */
void
whence_deadline_clear (WhenceDeadline *self)
{
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
  if (self->parent != NULL)
    {
      g_cancellable_disconnect (self->parent, self->parent_handler);
      g_clear_object (&self->parent);
    }
  g_clear_object (&self->cancellable);
}
