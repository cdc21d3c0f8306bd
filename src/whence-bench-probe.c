/* whence-bench-probe.c
 *
 * Measuring hooks for bench/, off unless an environment variable asks:
 *
 *   WHENCE_BENCH_EXIT_AFTER_FIRST_FRAME=1  print "first-frame-us: T" (the
 *       wall clock, in microseconds since the epoch, when the window's first
 *       frame was painted) and quit;
 *   WHENCE_BENCH_STALL_PROBE=1  from the window's first frames on, while files
 *       load and trace, a 5 ms timeout measures how late the main loop runs
 *       it; when everything is loaded print "max-stall-ms: M messages: N
 *       load-ms: T" and quit (WHENCE_BENCH_STALL_VERBOSE=1: every stall over
 *       50 ms too, with the CPU time the main thread itself used meanwhile).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-bench"

#include "config.h"

#include <stdio.h>
#include <time.h>

#include "whence-bench-probe.h"
#include "whence-window.h"

#define PROBE_INTERVAL_MS 5

typedef struct
{
  GtkWidget *window;
  gint64     started;
  gint64     last;
  gint64     max_stall;
  gint64     last_cpu;
  gboolean   painted;
  gboolean   seen_loading;
  guint      quiet_ticks;
} StallProbe;

static void
quit_application (GtkWidget *window)
{
  GtkApplication *application = gtk_window_get_application (GTK_WINDOW (window));

  fflush (stdout);
  if (application != NULL)
    g_application_quit (G_APPLICATION (application));
}

static void
on_after_paint (GdkFrameClock *clock,
                GtkWidget     *window)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint, window);
  printf ("first-frame-us: %" G_GINT64_FORMAT "\n", g_get_real_time ());
  quit_application (window);
}

static void
on_realize (GtkWidget *window)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);

  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), window);
}

/* The main thread's own CPU time: a stall with little of it was the
 * machine's (other processes, or the worker, had the CPU). */
static gint64
thread_cpu_us (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static gboolean
stall_tick (gpointer user_data)
{
  StallProbe *probe = user_data;
  WhenceWindow *window = WHENCE_WINDOW (probe->window);
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - probe->last - PROBE_INTERVAL_MS * 1000;
  gint64 cpu = thread_cpu_us ();
  gint64 cpu_used = cpu - probe->last_cpu;

  probe->last = now;
  probe->last_cpu = cpu;
  /* Start-up (the first frame) is measured by the other probe. */
  if (!gtk_widget_get_mapped (probe->window) || !probe->painted)
    {
      GdkFrameClock *clock = gtk_widget_get_frame_clock (probe->window);

      probe->painted = clock != NULL && gdk_frame_clock_get_frame_counter (clock) > 1;
      return G_SOURCE_CONTINUE;
    }
  if (late > 50 * 1000 && g_getenv ("WHENCE_BENCH_STALL_VERBOSE") != NULL)
    printf ("stall-ms: %.1f at-ms: %.0f messages: %u main-thread-cpu-ms: %.1f\n", late / 1000.0,
            (now - probe->started) / 1000.0, whence_window_get_n_messages (window),
            cpu_used / 1000.0);
  if (whence_window_is_loading (window))
    {
      probe->seen_loading = TRUE;
      probe->quiet_ticks = 0;
      probe->max_stall = MAX (probe->max_stall, late);
      return G_SOURCE_CONTINUE;
    }

  if (!probe->seen_loading || ++probe->quiet_ticks < 20)
    {
      probe->max_stall = probe->seen_loading ? MAX (probe->max_stall, late) : probe->max_stall;
      return G_SOURCE_CONTINUE;
    }

  printf ("max-stall-ms: %.1f messages: %u load-ms: %.0f\n",
          probe->max_stall / 1000.0, whence_window_get_n_messages (window),
          (now - probe->started) / 1000.0 - 20 * PROBE_INTERVAL_MS);
  quit_application (probe->window);
  g_free (probe);
  return G_SOURCE_REMOVE;
}

/**
 * whence_bench_probe_attach:
 * @window: the main window, before it is shown
 *
 * Does nothing unless a WHENCE_BENCH_* variable is set.
 */
void
whence_bench_probe_attach (GtkWidget *window)
{
  if (g_getenv ("WHENCE_BENCH_EXIT_AFTER_FIRST_FRAME") != NULL)
    g_signal_connect (window, "realize", G_CALLBACK (on_realize), NULL);

  if (g_getenv ("WHENCE_BENCH_STALL_PROBE") != NULL)
    {
      StallProbe *probe = g_new0 (StallProbe, 1);

      probe->window = window;
      probe->started = probe->last = g_get_monotonic_time ();
      probe->last_cpu = thread_cpu_us ();
      g_timeout_add_full (G_PRIORITY_HIGH, PROBE_INTERVAL_MS, stall_tick, probe, NULL);
    }
}
