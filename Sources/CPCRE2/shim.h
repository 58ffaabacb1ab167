#ifndef ARIADNE_CPCRE2_SHIM_H
#define ARIADNE_CPCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* Macros that do not import into Swift, re-exported as constants. */
static const size_t ariadne_pcre2_zero_terminated = PCRE2_ZERO_TERMINATED;
static const size_t ariadne_pcre2_unset = PCRE2_UNSET;

#endif
