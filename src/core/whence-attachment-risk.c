/* whence-attachment-risk.c
 *
 * How dangerous one attachment is, from its name, its declared type and the
 * first bytes of its content, peeked in memory. The rules follow what mail
 * worms did (Klez labelled programs as sound files; MyDoom and Sobig sent
 * programs in zips; Emotet sent macro documents in locked zips): each rule
 * adds a plain sentence and raises the risk, never lowers it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "whence-attachment"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "whence-attachment-risk.h"
#include "whence-zip.h"

typedef enum
{
  EXT_PROGRAM,     /* runs when opened */
  EXT_MACROS,      /* Office file that may carry macros */
  EXT_OLD_OFFICE,  /* may carry macros, usually does not */
  EXT_ARCHIVE,
  EXT_OPAQUE_ARCHIVE,  /* an archive Whence cannot look into */
  EXT_WEB_PAGE,
  EXT_HARMLESS,    /* looks like a document, a picture, a sound … */
} ExtClass;

typedef struct
{
  const char *ext;
  ExtClass    klass;
  const char *kind;   /* what a person would call it */
} ExtInfo;

static const ExtInfo extensions[] = {
  { "exe", EXT_PROGRAM, N_("a Windows program") },
  { "pif", EXT_PROGRAM, N_("a Windows program") },
  { "scr", EXT_PROGRAM, N_("a Windows program") },
  { "com", EXT_PROGRAM, N_("a Windows program") },
  { "cpl", EXT_PROGRAM, N_("a Windows program") },
  { "msi", EXT_PROGRAM, N_("a Windows program") },
  { "msp", EXT_PROGRAM, N_("a Windows program") },
  { "dll", EXT_PROGRAM, N_("a Windows program") },
  { "application", EXT_PROGRAM, N_("a Windows program") },
  { "gadget", EXT_PROGRAM, N_("a Windows program") },
  { "bat", EXT_PROGRAM, N_("a script, a small program") },
  { "cmd", EXT_PROGRAM, N_("a script, a small program") },
  { "js", EXT_PROGRAM, N_("a script, a small program") },
  { "jse", EXT_PROGRAM, N_("a script, a small program") },
  { "vb", EXT_PROGRAM, N_("a script, a small program") },
  { "vbs", EXT_PROGRAM, N_("a script, a small program") },
  { "vbe", EXT_PROGRAM, N_("a script, a small program") },
  { "wsf", EXT_PROGRAM, N_("a script, a small program") },
  { "wsh", EXT_PROGRAM, N_("a script, a small program") },
  { "wsc", EXT_PROGRAM, N_("a script, a small program") },
  { "sct", EXT_PROGRAM, N_("a script, a small program") },
  { "ps1", EXT_PROGRAM, N_("a script, a small program") },
  { "psm1", EXT_PROGRAM, N_("a script, a small program") },
  { "hta", EXT_PROGRAM, N_("a script, a small program") },
  { "msc", EXT_PROGRAM, N_("a script, a small program") },
  { "chm", EXT_PROGRAM, N_("a help file that can run programs") },
  { "jar", EXT_PROGRAM, N_("a Java program") },
  { "lnk", EXT_PROGRAM, N_("a shortcut that starts a program") },
  { "scf", EXT_PROGRAM, N_("a shortcut that starts a program") },
  { "url", EXT_PROGRAM, N_("a shortcut that opens a web page") },
  { "reg", EXT_PROGRAM, N_("a file that changes Windows settings") },
  { "iso", EXT_PROGRAM, N_("a disk image that can hide programs") },
  { "img", EXT_PROGRAM, N_("a disk image that can hide programs") },
  { "vhd", EXT_PROGRAM, N_("a disk image that can hide programs") },
  { "vhdx", EXT_PROGRAM, N_("a disk image that can hide programs") },
  { "docm", EXT_MACROS, N_("an Office file with macros") },
  { "dotm", EXT_MACROS, N_("an Office file with macros") },
  { "xlsm", EXT_MACROS, N_("an Office file with macros") },
  { "xltm", EXT_MACROS, N_("an Office file with macros") },
  { "xlam", EXT_MACROS, N_("an Office file with macros") },
  { "xlsb", EXT_MACROS, N_("an Office file with macros") },
  { "pptm", EXT_MACROS, N_("an Office file with macros") },
  { "potm", EXT_MACROS, N_("an Office file with macros") },
  { "ppsm", EXT_MACROS, N_("an Office file with macros") },
  { "ppam", EXT_MACROS, N_("an Office file with macros") },
  { "sldm", EXT_MACROS, N_("an Office file with macros") },
  { "doc", EXT_OLD_OFFICE, N_("a document") },
  { "dot", EXT_OLD_OFFICE, N_("a document") },
  { "xls", EXT_OLD_OFFICE, N_("a spreadsheet") },
  { "xlt", EXT_OLD_OFFICE, N_("a spreadsheet") },
  { "ppt", EXT_OLD_OFFICE, N_("a slide show") },
  { "pps", EXT_OLD_OFFICE, N_("a slide show") },
  { "zip", EXT_ARCHIVE, N_("an archive") },
  { "rar", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "7z", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "ace", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "arj", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "cab", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "lzh", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "gz", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "tgz", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "bz2", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "xz", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "tar", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "r00", EXT_OPAQUE_ARCHIVE, N_("an archive") },
  { "htm", EXT_WEB_PAGE, N_("a web page") },
  { "html", EXT_WEB_PAGE, N_("a web page") },
  { "shtml", EXT_WEB_PAGE, N_("a web page") },
  { "xhtml", EXT_WEB_PAGE, N_("a web page") },
  { "svg", EXT_WEB_PAGE, N_("a web page") },
  { "pdf", EXT_HARMLESS, N_("a PDF document") },
  { "txt", EXT_HARMLESS, N_("a text file") },
  { "log", EXT_HARMLESS, N_("a text file") },
  { "xml", EXT_HARMLESS, N_("a data file") },
  { "json", EXT_HARMLESS, N_("a data file") },
  { "rtf", EXT_HARMLESS, N_("a document") },
  { "docx", EXT_HARMLESS, N_("a document") },
  { "odt", EXT_HARMLESS, N_("a document") },
  { "xlsx", EXT_HARMLESS, N_("a spreadsheet") },
  { "ods", EXT_HARMLESS, N_("a spreadsheet") },
  { "csv", EXT_HARMLESS, N_("a spreadsheet") },
  { "pptx", EXT_HARMLESS, N_("a slide show") },
  { "odp", EXT_HARMLESS, N_("a slide show") },
  { "jpg", EXT_HARMLESS, N_("a picture") },
  { "jpeg", EXT_HARMLESS, N_("a picture") },
  { "gif", EXT_HARMLESS, N_("a picture") },
  { "png", EXT_HARMLESS, N_("a picture") },
  { "bmp", EXT_HARMLESS, N_("a picture") },
  { "tif", EXT_HARMLESS, N_("a picture") },
  { "tiff", EXT_HARMLESS, N_("a picture") },
  { "heic", EXT_HARMLESS, N_("a picture") },
  { "mp3", EXT_HARMLESS, N_("a sound file") },
  { "wav", EXT_HARMLESS, N_("a sound file") },
  { "mid", EXT_HARMLESS, N_("a sound file") },
  { "midi", EXT_HARMLESS, N_("a sound file") },
  { "ogg", EXT_HARMLESS, N_("a sound file") },
  { "m4a", EXT_HARMLESS, N_("a sound file") },
  { "avi", EXT_HARMLESS, N_("a video") },
  { "mpg", EXT_HARMLESS, N_("a video") },
  { "mpeg", EXT_HARMLESS, N_("a video") },
  { "mp4", EXT_HARMLESS, N_("a video") },
  { "mov", EXT_HARMLESS, N_("a video") },
  { "eml", EXT_HARMLESS, N_("an email") },
  { "ics", EXT_HARMLESS, N_("a calendar invitation") },
  { "vcf", EXT_HARMLESS, N_("a contact card") },
};

/* Zip-based formats that are not archives a person opens as such. */
static const char * const zip_documents[] = {
  "docx", "docm", "dotx", "dotm", "xlsx", "xlsm", "xltx", "xltm", "xlam", "pptx", "pptm",
  "potx", "potm", "ppsx", "ppsm", "ppam", "sldm", "odt", "ods", "odp", "odg", "epub", "jar",
  "apk", "xpi", "vsdx", "kmz",
};

/* Compressors that pack exactly one file, named by dropping the ending. */
static gboolean
is_single_file_compression (const char *ext)
{
  return ext != NULL && (g_str_equal (ext, "gz") || g_str_equal (ext, "bz2")
                         || g_str_equal (ext, "xz") || g_str_equal (ext, "z"));
}

static const ExtInfo *
ext_info_for (const char *ext)
{
  if (ext == NULL || *ext == '\0')
    return NULL;
  for (guint i = 0; i < G_N_ELEMENTS (extensions); i++)
    if (g_ascii_strcasecmp (extensions[i].ext, ext) == 0)
      return &extensions[i];
  return NULL;
}

/* The last extension of @filename, ignoring the trailing dots and spaces
 * Windows ignores too ("game.exe." runs like "game.exe"). */
static char *
dup_extension (const char *filename,
               char      **before)
{
  g_autofree char *name = NULL;
  char *dot;

  if (before != NULL)
    *before = NULL;
  if (filename == NULL)
    return NULL;

  name = g_strdup (filename);
  g_strchomp (name);
  while (*name != '\0' && name[strlen (name) - 1] == '.')
    {
      name[strlen (name) - 1] = '\0';
      g_strchomp (name);
    }

  dot = strrchr (name, '.');
  if (dot == NULL || dot == name || strchr (dot, '/') != NULL || strchr (dot, '\\') != NULL)
    return NULL;
  *dot = '\0';
  if (before != NULL)
    {
      g_strchomp (name);
      *before = g_strdup (name);
    }

  return g_ascii_strdown (dot + 1, -1);
}

static const ExtInfo *
info_for_filename (const char *filename)
{
  g_autofree char *ext = dup_extension (filename, NULL);

  return ext_info_for (ext);
}

/**
 * whence_extension_is_program:
 *
 * Returns: %TRUE when a file of that name runs when it is opened
 */
gboolean
whence_extension_is_program (const char *filename)
{
  const ExtInfo *info = info_for_filename (filename);

  return info != NULL && info->klass == EXT_PROGRAM;
}

/**
 * whence_extension_kind:
 *
 * Returns: (nullable): what a file with this name is, in words
 *   ("a Windows program"), translated
 */
const char *
whence_extension_kind (const char *filename)
{
  const ExtInfo *info = info_for_filename (filename);

  return info != NULL ? _(info->kind) : NULL;
}

const char *
whence_risk_to_string (WhenceRisk risk)
{
  switch (risk)
    {
    case WHENCE_RISK_HIGH: return "high";
    case WHENCE_RISK_MEDIUM: return "medium";
    case WHENCE_RISK_LOW: return "low";
    case WHENCE_RISK_NONE:
    default: return "none";
    }
}

/* What the declared type claims the file is, for "pretending to be …". */
static const char *
kind_for_content_type (const char *content_type)
{
  if (content_type == NULL)
    return NULL;
  if (g_str_has_prefix (content_type, "audio/"))
    return _("a sound file");
  if (g_str_has_prefix (content_type, "image/"))
    return _("a picture");
  if (g_str_has_prefix (content_type, "video/"))
    return _("a video");
  if (g_str_equal (content_type, "text/plain"))
    return _("a text file");
  if (g_str_equal (content_type, "text/html"))
    return _("a web page");
  if (g_str_equal (content_type, "application/pdf"))
    return _("a PDF document");
  if (g_str_equal (content_type, "application/msword")
      || g_str_equal (content_type, "application/rtf")
      || g_str_has_prefix (content_type, "application/vnd.openxmlformats-officedocument")
      || g_str_has_prefix (content_type, "application/vnd.oasis.opendocument"))
    return _("a document");
  return NULL;
}

static gboolean
is_klez_label (const char *content_type)
{
  static const char * const labels[] = {
    "audio/x-wav", "audio/x-midi", "audio/wav", "audio/midi", "audio/mid",
  };

  for (guint i = 0; content_type != NULL && i < G_N_ELEMENTS (labels); i++)
    if (g_str_equal (content_type, labels[i]))
      return TRUE;
  return FALSE;
}

typedef enum
{
  MAGIC_UNKNOWN,
  MAGIC_WINDOWS_PROGRAM,
  MAGIC_PROGRAM,
  MAGIC_ZIP,
  MAGIC_OLE,
  MAGIC_PDF,
  MAGIC_PICTURE,
  MAGIC_OPAQUE_ARCHIVE,
} Magic;

static Magic
sniff (GBytes *head)
{
  gsize len = 0;
  const guint8 *data = head != NULL ? g_bytes_get_data (head, &len) : NULL;

  if (data == NULL || len < 2)
    return MAGIC_UNKNOWN;
  if (data[0] == 'M' && data[1] == 'Z')
    return MAGIC_WINDOWS_PROGRAM;
  if (len >= 4 && memcmp (data, "\x7f" "ELF", 4) == 0)
    return MAGIC_PROGRAM;
  if (whence_zip_has_magic (data, len))
    return MAGIC_ZIP;
  if (len >= 4 && memcmp (data, "\xd0\xcf\x11\xe0", 4) == 0)
    return MAGIC_OLE;
  if (len >= 4 && memcmp (data, "%PDF", 4) == 0)
    return MAGIC_PDF;
  if ((len >= 4 && memcmp (data, "\x89PNG", 4) == 0) || (len >= 3 && memcmp (data, "\xff\xd8\xff", 3) == 0)
      || (len >= 4 && memcmp (data, "GIF8", 4) == 0))
    return MAGIC_PICTURE;
  if ((len >= 4 && memcmp (data, "Rar!", 4) == 0) || (len >= 4 && memcmp (data, "7z\xbc\xaf", 4) == 0))
    return MAGIC_OPAQUE_ARCHIVE;
  return MAGIC_UNKNOWN;
}

static void
raise_risk (WhenceAttachment *self,
            WhenceRisk        risk)
{
  self->risk = MAX (self->risk, risk);
}

static void
add_reason (WhenceAttachment *self,
            WhenceRisk        risk,
            char             *sentence)
{
  raise_risk (self, risk);
  g_ptr_array_add (self->reasons, sentence);
}

static gboolean
in_list (const char         *value,
         const char * const *list,
         gsize               n)
{
  for (gsize i = 0; value != NULL && i < n; i++)
    if (g_str_equal (value, list[i]))
      return TRUE;
  return FALSE;
}

/**
 * whence_attachment_wants_zip_peek:
 * @head: the first %WHENCE_ATTACHMENT_PEEK bytes, or %NULL
 *
 * Returns: %TRUE when the whole part (up to %WHENCE_ATTACHMENT_ZIP_PEEK)
 *   should be peeked, to read a zip directory at its end
 */
gboolean
whence_attachment_wants_zip_peek (const char *filename,
                                  const char *content_type,
                                  GBytes     *head)
{
  gsize len = 0;
  const guint8 *data = head != NULL ? g_bytes_get_data (head, &len) : NULL;

  (void) filename;
  (void) content_type;
  return data != NULL && whence_zip_has_magic (data, len);
}

static void
assess_zip (WhenceAttachment *self,
            const char       *ext,
            GBytes           *head)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (head, &len);
  g_autoptr(GPtrArray) entries = NULL;
  gboolean truncated = FALSE, office, any_encrypted = FALSE;
  g_autofree char *program = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *macro = NULL;

  entries = whence_zip_list_entries (data, len, &truncated);
  if (entries == NULL)
    return;
  office = in_list (ext, zip_documents, G_N_ELEMENTS (zip_documents));

  for (guint i = 0; i < entries->len; i++)
    {
      const WhenceZipEntry *entry = g_ptr_array_index (entries, i);
      const char *base = strrchr (entry->name, '/');
      const ExtInfo *info;

      base = base != NULL ? base + 1 : entry->name;
      if (*base == '\0')
        continue;   /* a folder */
      if (!office)
        {
          if (self->entries == NULL)
            self->entries = g_ptr_array_new_with_free_func (g_free);
          g_ptr_array_add (self->entries, g_strdup (entry->name));
        }
      any_encrypted |= entry->encrypted;

      if (g_ascii_strcasecmp (base, "vbaProject.bin") == 0 && macro == NULL)
        macro = g_strdup (entry->name);
      if (office)
        continue;

      info = info_for_filename (base);
      if (info == NULL)
        continue;
      if (info->klass == EXT_PROGRAM && !(self->flags & WHENCE_ATTACHMENT_DOUBLE_EXTENSION))
        {
          g_autofree char *before = NULL;
          g_autofree char *ext_inner = dup_extension (base, &before);
          g_autofree char *ext_shown = dup_extension (before, NULL);
          const ExtInfo *shown = ext_info_for (ext_shown);

          if (shown != NULL && shown->klass != EXT_PROGRAM)
            {
              self->flags |= WHENCE_ATTACHMENT_DOUBLE_EXTENSION | WHENCE_ATTACHMENT_DISGUISED;
              add_reason (self, WHENCE_RISK_HIGH,
                          /* Translators: %s is a file name, then what it looks like */
                          g_strdup_printf (_("Inside, “%s” has two endings, so it looks like %s. It is a program."),
                                           base, _(shown->kind)));
            }
        }
      if (info->klass == EXT_PROGRAM && program == NULL)
        program = g_strdup (base);
      else if ((info->klass == EXT_ARCHIVE || info->klass == EXT_OPAQUE_ARCHIVE) && nested == NULL)
        nested = g_strdup (base);
      else if (info->klass == EXT_MACROS && macro == NULL)
        macro = g_strdup (base);
    }

  if (office)
    {
      if (macro != NULL && !(self->flags & WHENCE_ATTACHMENT_MACROS))
        {
          self->flags |= WHENCE_ATTACHMENT_MACROS | WHENCE_ATTACHMENT_DISGUISED;
          add_reason (self, WHENCE_RISK_HIGH,
                      g_strdup (_("Its name says it is an ordinary Office file, but inside it holds macros: small programs that run in the document.")));
        }
      return;
    }

  self->flags |= WHENCE_ATTACHMENT_ARCHIVE;
  if (program != NULL)
    {
      self->flags |= WHENCE_ATTACHMENT_PROGRAM_INSIDE;
      add_reason (self, WHENCE_RISK_HIGH,
                  /* Translators: %s is a file name inside a zip archive */
                  g_strdup_printf (_("It is a zip archive with a program inside: “%s”."), program));
    }
  if (any_encrypted)
    {
      self->flags |= WHENCE_ATTACHMENT_ENCRYPTED;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup (_("It is locked with a password, so virus checkers cannot look inside. Worms do this to get past them.")));
    }
  if (macro != NULL)
    {
      self->flags |= WHENCE_ATTACHMENT_MACROS;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup_printf (_("It holds an Office file with macros, small programs that run in the document: “%s”."), macro));
    }
  if (nested != NULL)
    {
      self->flags |= WHENCE_ATTACHMENT_NESTED_ARCHIVE;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup_printf (_("It holds another archive, “%s”. That is a common way to hide a program."), nested));
    }
  if (truncated)
    add_reason (self, WHENCE_RISK_LOW,
                g_strdup (_("It holds more files than Whence could list.")));
  if (program == NULL && !any_encrypted && macro == NULL && nested == NULL)
    add_reason (self, WHENCE_RISK_LOW,
                g_strdup (_("It is a zip archive. Whence found no program inside.")));
}

static void
compose_advice (WhenceAttachment *self,
                const char       *pretend)
{
  g_autofree char *name = NULL;

  name = *self->filename != '\0' ? g_strdup_printf ("“%s”", self->filename)
                                 : g_strdup (_("this attachment"));

  if ((self->flags & WHENCE_ATTACHMENT_PROGRAM) && pretend != NULL && self->kind != NULL)
    /* Translators: "Do not open “game.exe”. It is a Windows program pretending to be a sound file." */
    self->advice = g_strdup_printf (_("Do not open %s. It is %s pretending to be %s."),
                                    name, self->kind, pretend);
  else if ((self->flags & WHENCE_ATTACHMENT_PROGRAM) && self->kind != NULL)
    self->advice = g_strdup_printf (_("Do not open %s. It is %s. Opening it would run it on your computer."),
                                    name, self->kind);
  else if (self->flags & WHENCE_ATTACHMENT_PROGRAM_INSIDE)
    self->advice = g_strdup_printf (_("Do not open %s. It is an archive with a program inside."), name);
  else if (self->flags & WHENCE_ATTACHMENT_ENCRYPTED)
    self->advice = g_strdup_printf (_("Do not open %s. It is locked with a password, so virus checkers cannot look inside."), name);
  else if (self->flags & WHENCE_ATTACHMENT_MACROS)
    self->advice = g_strdup_printf (_("Do not open %s. It is an Office file that can run hidden commands, called macros."), name);
  else if (self->flags & WHENCE_ATTACHMENT_NESTED_ARCHIVE)
    self->advice = g_strdup_printf (_("Do not open %s. It hides an archive inside an archive."), name);
  else if (self->flags & WHENCE_ATTACHMENT_WEB_PAGE)
    self->advice = g_strdup_printf (_("Be careful with %s. It is a web page that can show a fake sign-in form. Never type a password into it."), name);
  else if (self->risk >= WHENCE_RISK_MEDIUM)
    self->advice = g_strdup_printf (_("Do not open %s. It is not what it says it is."), name);
  else if (self->risk == WHENCE_RISK_LOW)
    self->advice = g_strdup_printf (_("Only open %s if you expected it from someone you know."), name);
  else
    self->advice = g_strdup_printf (_("Whence found nothing wrong with %s. Still, only open it if you expected it."), name);
}

/**
 * whence_attachment_assess:
 * @filename: (nullable): the name the sender gave
 * @content_type: (nullable): the declared MIME type
 * @size: bytes as stored
 * @head: (nullable): the first decoded bytes, peeked in memory (the whole
 *   part, capped, when whence_attachment_wants_zip_peek() says so)
 *
 * Returns: (transfer full): the verdict on this attachment
 */
WhenceAttachment *
whence_attachment_assess (const char *filename,
                          const char *content_type,
                          guint64     size,
                          GBytes     *head)
{
  WhenceAttachment *self = g_new0 (WhenceAttachment, 1);
  g_autofree char *ext = NULL;
  g_autofree char *before = NULL;
  g_autofree char *inner_ext = NULL;
  const ExtInfo *info, *inner = NULL;
  const char *declared_kind, *pretend = NULL;
  Magic magic;

  self->filename = g_strdup (filename != NULL ? filename : "");
  self->content_type = g_ascii_strdown (content_type != NULL ? content_type : "application/octet-stream", -1);
  self->size = size;
  self->reasons = g_ptr_array_new_with_free_func (g_free);

  ext = dup_extension (self->filename, &before);
  info = ext_info_for (ext);
  inner_ext = dup_extension (before, NULL);
  inner = ext_info_for (inner_ext);
  declared_kind = kind_for_content_type (self->content_type);
  magic = sniff (head);

  /* A right-to-left mark turns "gnp.exe" into "exe.png" on screen. */
  if (strstr (self->filename, "\xe2\x80\xae") != NULL)
    {
      self->flags |= WHENCE_ATTACHMENT_DISGUISED;
      add_reason (self, WHENCE_RISK_HIGH,
                  g_strdup (_("Its name hides a special mark that flips the end of the name. It looks like another kind of file.")));
    }

  if (info != NULL && info->klass == EXT_PROGRAM)
    {
      self->flags |= WHENCE_ATTACHMENT_PROGRAM;
      self->kind = g_strdup (_(info->kind));
      /* Translators: first %s is an ending like ".exe", second what it is */
      add_reason (self, WHENCE_RISK_HIGH,
                  g_strdup_printf (_("Its name ends in “.%s”: it is %s. Opening it would run it."),
                                   ext, _(info->kind)));

      if (inner != NULL && inner->klass != EXT_PROGRAM)
        {
          self->flags |= WHENCE_ATTACHMENT_DOUBLE_EXTENSION | WHENCE_ATTACHMENT_DISGUISED;
          pretend = _(inner->kind);
          add_reason (self, WHENCE_RISK_HIGH,
                      g_strdup_printf (_("Its name has two endings, “.%s.%s”, so it looks like %s. It is not."),
                                       inner_ext, ext, _(inner->kind)));
        }
      if (declared_kind != NULL)
        {
          self->flags |= WHENCE_ATTACHMENT_DISGUISED;
          pretend = pretend != NULL ? pretend : declared_kind;
          add_reason (self, WHENCE_RISK_HIGH,
                      g_strdup_printf (_("It is labelled as %s (%s), but its name says it is a program."),
                                       declared_kind, self->content_type));
        }
    }

  if (magic == MAGIC_WINDOWS_PROGRAM || magic == MAGIC_PROGRAM)
    {
      const char *real = magic == MAGIC_WINDOWS_PROGRAM ? _("a Windows program") : _("a program");

      if (!(self->flags & WHENCE_ATTACHMENT_PROGRAM) || (info != NULL && info->klass != EXT_PROGRAM))
        {
          self->flags |= WHENCE_ATTACHMENT_DISGUISED;
          pretend = pretend != NULL ? pretend
                    : info != NULL ? _(info->kind) : declared_kind;
          add_reason (self, WHENCE_RISK_HIGH,
                      g_strdup_printf (_("Its first bytes show that it is really %s."), real));
        }
      self->flags |= WHENCE_ATTACHMENT_PROGRAM;
      if (self->kind == NULL || !g_str_equal (self->kind, real))
        {
          g_free (self->kind);
          self->kind = g_strdup (real);
        }
      if (declared_kind != NULL && !(self->flags & WHENCE_ATTACHMENT_DISGUISED))
        {
          self->flags |= WHENCE_ATTACHMENT_DISGUISED;
          pretend = declared_kind;
        }
    }

  if ((self->flags & WHENCE_ATTACHMENT_PROGRAM) && is_klez_label (self->content_type))
    {
      self->flags |= WHENCE_ATTACHMENT_KLEZ_LABEL;
      add_reason (self, WHENCE_RISK_HIGH,
                  g_strdup (_("The Klez worm used this trick: it labelled a program as a sound file, so that old mail programs ran it as soon as the email was shown.")));
    }

  if (info != NULL && info->klass == EXT_MACROS)
    {
      self->flags |= WHENCE_ATTACHMENT_MACROS;
      self->kind = self->kind != NULL ? self->kind : g_strdup (_(info->kind));
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup_printf (_("Its name ends in “.%s”: it is an Office file that can hold macros, small programs that run in the document."),
                                   ext));
    }
  else if (info != NULL && info->klass == EXT_OLD_OFFICE)
    add_reason (self, WHENCE_RISK_LOW,
                g_strdup_printf (_("Its name ends in “.%s”: an older Office file, which can hold macros."), ext));
  else if (info != NULL && info->klass == EXT_WEB_PAGE)
    {
      self->flags |= WHENCE_ATTACHMENT_WEB_PAGE;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup (_("It is a web page. Fake sign-in pages often come this way.")));
    }
  else if (info != NULL && info->klass == EXT_OPAQUE_ARCHIVE && is_single_file_compression (ext)
           && inner != NULL && inner->klass != EXT_ARCHIVE && inner->klass != EXT_OPAQUE_ARCHIVE)
    {
      /* "report.xml.gz" holds one file, and its name says which. */
      if (inner->klass == EXT_PROGRAM)
        {
          self->flags |= WHENCE_ATTACHMENT_ARCHIVE | WHENCE_ATTACHMENT_PROGRAM_INSIDE;
          add_reason (self, WHENCE_RISK_HIGH,
                      g_strdup_printf (_("It is a packed copy of a program: “%s”."), before));
        }
      else
        add_reason (self, inner->klass == EXT_MACROS ? WHENCE_RISK_MEDIUM : WHENCE_RISK_LOW,
                    g_strdup_printf (_("It is a packed copy of one file: “%s”."), before));
    }
  else if (info != NULL && info->klass == EXT_OPAQUE_ARCHIVE)
    {
      self->flags |= WHENCE_ATTACHMENT_ARCHIVE;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup_printf (_("It is an archive (“.%s”). Whence cannot look inside this kind, so it may hide a program."),
                                   ext));
    }

  if (magic == MAGIC_ZIP)
    {
      gboolean zip_named = info != NULL && (info->klass == EXT_ARCHIVE
                                            || in_list (ext, zip_documents, G_N_ELEMENTS (zip_documents)));

      if (!zip_named && !(self->flags & WHENCE_ATTACHMENT_PROGRAM))
        {
          self->flags |= WHENCE_ATTACHMENT_DISGUISED;
          add_reason (self, WHENCE_RISK_MEDIUM,
                      g_strdup (_("Its first bytes show that it is really a zip archive, whatever its name says.")));
        }
      assess_zip (self, ext, head);
    }
  else if (info != NULL && info->klass == EXT_ARCHIVE && head != NULL)
    {
      self->flags |= WHENCE_ATTACHMENT_ARCHIVE;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup (_("Its name says it is a zip archive, but it is not one.")));
    }
  else if (info != NULL && info->klass == EXT_ARCHIVE)
    {
      self->flags |= WHENCE_ATTACHMENT_ARCHIVE;
      add_reason (self, WHENCE_RISK_LOW, g_strdup (_("It is an archive: it may hold other files.")));
    }

  if (magic == MAGIC_OLE && info != NULL && info->klass == EXT_HARMLESS)
    {
      self->flags |= WHENCE_ATTACHMENT_DISGUISED;
      add_reason (self, WHENCE_RISK_MEDIUM,
                  g_strdup (_("Its first bytes show that it is really an Office file, which can hold macros.")));
    }

  if (g_str_equal (self->content_type, "message/rfc822") && self->risk == WHENCE_RISK_NONE)
    add_reason (self, WHENCE_RISK_LOW,
                g_strdup (_("It is another email, attached to this one.")));

  compose_advice (self, pretend);
  return self;
}

WhenceAttachment *
whence_attachment_copy (const WhenceAttachment *attachment)
{
  WhenceAttachment *copy = g_new0 (WhenceAttachment, 1);

  copy->filename = g_strdup (attachment->filename);
  copy->content_type = g_strdup (attachment->content_type);
  copy->size = attachment->size;
  copy->risk = attachment->risk;
  copy->flags = attachment->flags;
  copy->reasons = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < attachment->reasons->len; i++)
    g_ptr_array_add (copy->reasons, g_strdup (g_ptr_array_index (attachment->reasons, i)));
  if (attachment->entries != NULL)
    {
      copy->entries = g_ptr_array_new_with_free_func (g_free);
      for (guint i = 0; i < attachment->entries->len; i++)
        g_ptr_array_add (copy->entries, g_strdup (g_ptr_array_index (attachment->entries, i)));
    }
  copy->kind = g_strdup (attachment->kind);
  copy->advice = g_strdup (attachment->advice);
  return copy;
}

void
whence_attachment_free (WhenceAttachment *attachment)
{
  if (attachment == NULL)
    return;
  g_free (attachment->filename);
  g_free (attachment->content_type);
  g_ptr_array_unref (attachment->reasons);
  if (attachment->entries != NULL)
    g_ptr_array_unref (attachment->entries);
  g_free (attachment->kind);
  g_free (attachment->advice);
  g_free (attachment);
}
