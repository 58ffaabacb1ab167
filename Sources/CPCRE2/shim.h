#ifndef ARIADNE_CPCRE2_SHIM_H
#define ARIADNE_CPCRE2_SHIM_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

/* PCRE2_UNSET (~(PCRE2_SIZE)0) does not import; Swift sees size_t as Int, so it reads as -1. */

#endif
