/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "cw-password"

#include "config.h"

#include <math.h>
#include <string.h>
#include <glib/gi18n.h>
#include <sodium.h>

#include "cw-key.h"
#include "cw-password.h"

/*
 * A password's strength is estimated without outside libraries, in the
 * spirit of zxcvbn: the characters that an attacker would guess first
 * (common passwords and words, the person's own names, runs such as
 * "aaaa", sequences such as "abcd" or "4321", keyboard rows, years, a
 * chunk repeated) are marked as predictable; the rest count at the size of
 * the alphabet they are drawn from. Each predictable stretch adds a little.
 *
 *   bits < 28           TOO_WEAK (also: too short, names, unreadable)
 *   28 <= bits < 45     WEAK
 *   45 <= bits < 70     FAIR
 *   70 <= bits          STRONG
 *
 * Copies of the password made here are wiped before they are freed.
 */

#define MAX_ANALYSED_CHARS  256
#define BITS_PER_STRETCH    5.0
#define BITS_WEAK           28.0
#define BITS_FAIR           45.0
#define BITS_STRONG         70.0
#define MIN_WORD_LENGTH     4
#define MIN_NAME_LENGTH     3
#define MIN_SEQUENCE_LENGTH 3
#define MIN_RUN_LENGTH      3
#define MIN_KEYBOARD_LENGTH 4

typedef enum
{
  FOUND_NAME     = 1 << 0,
  FOUND_COMMON   = 1 << 1,
  FOUND_PATTERN  = 1 << 2,
} Found;

typedef struct
{
  gunichar *chars;     /* case-folded, look-alike digits and symbols mapped to letters */
  gunichar *plain;     /* case-folded only */
  gsize     len;
  gboolean *predictable;
  Found     found;
} Analysis;

/* Very common passwords and words they are built from (lower case; they
 * go through the same look-alike mapping as the password). */
static const char *const common_words[] = {
  "password", "passwd", "pass", "qwerty", "azerty", "qwertz", "letmein", "welcome",
  "casework", "safeguarding", "safeguard", "admin", "administrator", "login", "logon",
  "changeme", "change", "iloveyou", "love", "monkey", "dragon", "football", "baseball",
  "soccer", "rugby", "cricket", "sunshine", "princess", "shadow", "master", "superman",
  "batman", "trustnoi", "secret", "summer", "winter", "spring", "autumn", "monday",
  "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
  "february", "march", "april", "june", "july", "august", "september", "october",
  "november", "december", "london", "england", "britain", "chelsea", "arsenal",
  "liverpool", "manchester", "united", "social", "worker", "council", "children", "child",
  "school", "family", "default", "computer", "internet", "hello", "freedom", "whatever",
  "starwars", "pokemon", "michael", "charlie", "thomas", "jessica", "daniel", "hannah",
  "sophie", "oliver", "harry", "george", "emily", "lovely", "flower", "cookie", "cheese",
  "mustang", "access", "opensesame", "guest", "root", "user", "test", "testing", "temp",
  "system", "support", "service", "ofsted", "linux", "gnome", "abcd", "asdf", "zxcv",
  "qazwsx", "trustno", "killer", "hunter", "ranger", "buster", "soccer", "tigger",
  "jordan", "matrix", "angel", "purple", "orange", "banana", "chocolate", "samsung",
  "apple", "google", "microsoft", "windows", "office", "team", "staff", "manager",
  "nurse", "doctor", "teacher", "mother", "father", "baby", "kitten", "puppy",
  "1q2w3e4r", "1qaz2wsx", "zaq12wsx", "q1w2e3r4", "a1b2c3d4",
  NULL
};

static const char *const keyboard_rows[] = {
  "qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "qwertzuiop", "azertyuiop", "yxcvbnm",
  NULL
};

G_DEFINE_QUARK (cw-password-error-quark, cw_password_error)

static gunichar
map_look_alike (gunichar c)
{
  switch (c)
    {
    case '0': return 'o';
    case '1': return 'i';
    case '!': return 'i';
    case '|': return 'i';
    case '3': return 'e';
    case '4': return 'a';
    case '@': return 'a';
    case '5': return 's';
    case '$': return 's';
    case '7': return 't';
    case '+': return 't';
    case '8': return 'b';
    case '9': return 'g';
    default:  return c;
    }
}

static void
analysis_clear (Analysis *analysis)
{
  if (analysis->chars != NULL)
    sodium_memzero (analysis->chars, analysis->len * sizeof (gunichar));
  if (analysis->plain != NULL)
    sodium_memzero (analysis->plain, analysis->len * sizeof (gunichar));
  g_clear_pointer (&analysis->chars, g_free);
  g_clear_pointer (&analysis->plain, g_free);
  g_clear_pointer (&analysis->predictable, g_free);
}

/* Case-folded UCS-4 of @text (NFKC first), or NULL. */
static gunichar *
fold_to_ucs4 (const char *text,
              glong      *len)
{
  char *normalised;
  char *folded;
  gunichar *ucs4;

  normalised = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (normalised == NULL)
    return NULL;

  folded = g_utf8_casefold (normalised, -1);
  cw_secure_wipe_string (normalised);
  g_free (normalised);

  ucs4 = g_utf8_to_ucs4_fast (folded, -1, len);
  cw_secure_wipe_string (folded);
  g_free (folded);

  return ucs4;
}

/* Marks every occurrence of @needle in @haystack. */
static gboolean
mark_occurrences (const gunichar *haystack,
                  gsize           len,
                  const gunichar *needle,
                  gsize           needle_len,
                  gboolean       *predictable)
{
  gboolean found = FALSE;

  if (needle_len == 0 || needle_len > len)
    return FALSE;

  for (gsize i = 0; i + needle_len <= len; i++)
    {
      if (memcmp (haystack + i, needle, needle_len * sizeof (gunichar)) != 0)
        continue;

      for (gsize j = 0; j < needle_len; j++)
        predictable[i + j] = TRUE;
      found = TRUE;
    }

  return found;
}

static void
mark_common_word (Analysis   *analysis,
                  const char *word)
{
  g_autofree gunichar *ucs4 = NULL;
  glong len = 0;

  ucs4 = g_utf8_to_ucs4_fast (word, -1, &len);
  for (glong i = 0; i < len; i++)
    ucs4[i] = map_look_alike (ucs4[i]);

  if (mark_occurrences (analysis->chars, analysis->len, ucs4, len, analysis->predictable))
    analysis->found |= FOUND_COMMON;
}

/* The username and each part of the display name, and the display name
 * without its spaces. */
static void
mark_names (Analysis   *analysis,
            const char *username,
            const char *display_name)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

  if (username != NULL && g_utf8_validate (username, -1, NULL))
    {
      g_auto(GStrv) parts = g_strsplit_set (username, " .-_@", -1);

      g_ptr_array_add (names, g_strdup (username));
      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (names, g_strdup (parts[i]));
    }

  if (display_name != NULL && g_utf8_validate (display_name, -1, NULL))
    {
      g_auto(GStrv) parts = g_strsplit_set (display_name, " .-_'\u2019", -1);
      g_autofree char *joined = g_strjoinv ("", parts);

      g_ptr_array_add (names, g_steal_pointer (&joined));
      for (guint i = 0; parts[i] != NULL; i++)
        g_ptr_array_add (names, g_strdup (parts[i]));
    }

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree gunichar *name = NULL;
      glong name_len = 0;

      name = fold_to_ucs4 (g_ptr_array_index (names, i), &name_len);
      if (name == NULL || name_len < MIN_NAME_LENGTH)
        continue;

      if (mark_occurrences (analysis->plain, analysis->len, name, name_len,
                            analysis->predictable))
        analysis->found |= FOUND_NAME;

      for (glong j = 0; j < name_len; j++)
        name[j] = map_look_alike (name[j]);
      if (mark_occurrences (analysis->chars, analysis->len, name, name_len,
                            analysis->predictable))
        analysis->found |= FOUND_NAME;
    }
}

static void
mark_range (Analysis *analysis,
            gsize     start,
            gsize     end)
{
  for (gsize i = start; i < end; i++)
    analysis->predictable[i] = TRUE;
  analysis->found |= FOUND_PATTERN;
}

/* Runs such as "aaaa" and sequences such as "abcd" or "9876". */
static void
mark_runs_and_sequences (Analysis *analysis)
{
  const gunichar *plain = analysis->plain;
  gsize len = analysis->len;
  gsize start = 0;

  /* Runs of one character. */
  while (start < len)
    {
      gsize end = start + 1;

      while (end < len && plain[end] == plain[start])
        end++;
      if (end - start >= MIN_RUN_LENGTH)
        mark_range (analysis, start, end);
      start = end;
    }

  /* Sequences with a step of one, up or down. */
  for (int step = -1; step <= 1; step += 2)
    {
      start = 0;
      while (start < len)
        {
          gsize end = start + 1;

          while (end < len && (gint64) plain[end] - (gint64) plain[end - 1] == step &&
                 g_unichar_isalnum (plain[end]))
            end++;
          if (end - start >= MIN_SEQUENCE_LENGTH && g_unichar_isalnum (plain[start]))
            mark_range (analysis, start, end);
          start = end;
        }
    }
}

static void
mark_keyboard_rows (Analysis *analysis)
{
  for (guint r = 0; keyboard_rows[r] != NULL; r++)
    {
      const char *row = keyboard_rows[r];
      gssize row_len = (gssize) strlen (row);

      for (gsize i = 0; i < analysis->len; i++)
        for (gssize k = 0; k < row_len; k++)
          for (int direction = -1; direction <= 1; direction += 2)
            {
              gssize row_pos = k;
              gsize matched = 0;

              while (i + matched < analysis->len && row_pos >= 0 && row_pos < row_len &&
                     analysis->plain[i + matched] == (gunichar) row[row_pos])
                {
                  matched++;
                  row_pos += direction;
                }

              if (matched >= MIN_KEYBOARD_LENGTH)
                mark_range (analysis, i, i + matched);
            }
    }
}

/* Years 1900–2099. */
static void
mark_years (Analysis *analysis)
{
  const gunichar *plain = analysis->plain;

  for (gsize i = 0; i + 4 <= analysis->len; i++)
    {
      if (!g_unichar_isdigit (plain[i]) || !g_unichar_isdigit (plain[i + 1]) ||
          !g_unichar_isdigit (plain[i + 2]) || !g_unichar_isdigit (plain[i + 3]))
        continue;

      if ((plain[i] == '1' && plain[i + 1] == '9') || (plain[i] == '2' && plain[i + 1] == '0'))
        mark_range (analysis, i, i + 4);
    }
}

/* "passpass", "abc!abc!abc!": everything after the first copy. */
static void
mark_repeated_chunk (Analysis *analysis)
{
  for (gsize period = 1; period <= analysis->len / 2; period++)
    {
      gboolean repeats = TRUE;

      for (gsize i = period; i < analysis->len && repeats; i++)
        repeats = analysis->chars[i] == analysis->chars[i - period];

      if (repeats)
        {
          mark_range (analysis, period, analysis->len);
          return;
        }
    }
}

static double
alphabet_bits (const char *password)
{
  gboolean lower = FALSE, upper = FALSE, digit = FALSE, symbol = FALSE, other = FALSE;
  guint size = 0;

  for (const char *p = password; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && g_ascii_islower (c))
        lower = TRUE;
      else if (c < 0x80 && g_ascii_isupper (c))
        upper = TRUE;
      else if (c < 0x80 && g_ascii_isdigit (c))
        digit = TRUE;
      else if (c < 0x80)
        symbol = TRUE;
      else
        other = TRUE;
    }

  size = (lower ? 26 : 0) + (upper ? 26 : 0) + (digit ? 10 : 0) + (symbol ? 33 : 0) +
         (other ? 100 : 0);

  return size > 1 ? log2 ((double) size) : 1.0;
}

static double
estimate_bits (const char *password,
               Analysis   *analysis)
{
  double per_char = alphabet_bits (password);
  double bits = 0.0;
  gboolean in_stretch = FALSE;

  for (gsize i = 0; i < analysis->len; i++)
    {
      if (!analysis->predictable[i])
        {
          bits += per_char;
          in_stretch = FALSE;
        }
      else if (!in_stretch)
        {
          bits += BITS_PER_STRETCH;
          in_stretch = TRUE;
        }
    }

  return bits;
}

static char *
too_short_feedback (void)
{
  return g_strdup_printf (ngettext ("Use at least %d character. A few unrelated words make a "
                                    "long password that is easy to remember.",
                                    "Use at least %d characters. A few unrelated words make a "
                                    "long password that is easy to remember.",
                                    CW_PASSWORD_MIN_LENGTH),
                          CW_PASSWORD_MIN_LENGTH);
}

static char *
weak_feedback (Found found)
{
  if (found & FOUND_NAME)
    return g_strdup (_("Do not use your name or username in the password."));

  if (found & FOUND_COMMON)
    return g_strdup (_("This password, or much of it, is one that many people use. Choose "
                       "something less predictable, such as a few unrelated words."));

  if (found & FOUND_PATTERN)
    return g_strdup (_("Avoid repeated characters, years and sequences such as “abc”, “123” "
                       "or “qwerty”. A few unrelated words work well."));

  return g_strdup (_("Make the password longer, or mix in capital letters, digits and "
                     "symbols. A few unrelated words work well."));
}

/**
 * cw_password_strength:
 *
 * Judges @password. WEAK and TOO_WEAK are refused by
 * cw_password_acceptable(); FAIR and STRONG are accepted.
 */
CwPasswordStrength
cw_password_strength (const char  *password,
                      const char  *username,
                      const char  *display_name,
                      char       **feedback)
{
  Analysis analysis = { 0 };
  CwPasswordStrength strength;
  glong n_chars;
  glong len = 0;
  double bits;
  char *message = NULL;

  if (feedback != NULL)
    *feedback = NULL;

  if (password == NULL || !g_utf8_validate (password, -1, NULL))
    {
      if (feedback != NULL)
        *feedback = g_strdup (_("The password contains characters that cannot be read. "
                                "Please type it again."));
      return CW_PASSWORD_TOO_WEAK;
    }

  n_chars = g_utf8_strlen (password, -1);
  if (n_chars < CW_PASSWORD_MIN_LENGTH)
    {
      if (feedback != NULL)
        *feedback = too_short_feedback ();
      return CW_PASSWORD_TOO_WEAK;
    }

  analysis.plain = fold_to_ucs4 (password, &len);
  if (analysis.plain == NULL)
    {
      if (feedback != NULL)
        *feedback = g_strdup (_("The password contains characters that cannot be read. "
                                "Please type it again."));
      return CW_PASSWORD_TOO_WEAK;
    }

  /* A very long password is not made weak by what comes after this. */
  analysis.len = MIN ((gsize) len, MAX_ANALYSED_CHARS);
  analysis.chars = g_new (gunichar, analysis.len + 1);
  analysis.predictable = g_new0 (gboolean, analysis.len + 1);
  for (gsize i = 0; i < analysis.len; i++)
    analysis.chars[i] = map_look_alike (analysis.plain[i]);

  for (guint i = 0; common_words[i] != NULL; i++)
    if (strlen (common_words[i]) >= MIN_WORD_LENGTH)
      mark_common_word (&analysis, common_words[i]);
  mark_names (&analysis, username, display_name);
  mark_runs_and_sequences (&analysis);
  mark_keyboard_rows (&analysis);
  mark_years (&analysis);
  mark_repeated_chunk (&analysis);

  bits = estimate_bits (password, &analysis);

  if (analysis.found & FOUND_NAME)
    {
      strength = CW_PASSWORD_TOO_WEAK;
      message = weak_feedback (FOUND_NAME);
    }
  else if (bits < BITS_WEAK)
    {
      strength = CW_PASSWORD_TOO_WEAK;
      message = weak_feedback (analysis.found);
    }
  else if (bits < BITS_FAIR)
    {
      strength = CW_PASSWORD_WEAK;
      message = weak_feedback (analysis.found);
    }
  else if (bits < BITS_STRONG)
    {
      strength = CW_PASSWORD_FAIR;
      message = g_strdup (_("This password will do. A longer one would be stronger."));
    }
  else
    {
      strength = CW_PASSWORD_STRONG;
    }

  analysis_clear (&analysis);

  if (feedback != NULL)
    *feedback = message;
  else
    g_free (message);

  return strength;
}

gboolean
cw_password_acceptable (const char  *password,
                        const char  *username,
                        const char  *display_name,
                        GError     **error)
{
  g_autofree char *feedback = NULL;

  if (cw_password_strength (password, username, display_name, &feedback) >= CW_PASSWORD_FAIR)
    return TRUE;

  g_set_error_literal (error, CW_PASSWORD_ERROR, CW_PASSWORD_ERROR_WEAK, feedback);
  return FALSE;
}
