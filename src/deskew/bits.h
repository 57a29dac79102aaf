/*
 * bits.h - walking and painting rows of a 1 bpp leptonica page (pixel 0
 * is the top bit of word 0), a word at a time; private to dossier-deskew
 */
#ifndef DOSSIER_DESKEW_BITS_H
#define DOSSIER_DESKEW_BITS_H

#include <stdint.h>

/*
 * bits_next - the first pixel at or after X of the row LINE (W pixels,
 * WPL words) that is set (ON) or clear (!ON); W if none
 */
static inline int
bits_next(const uint32_t *line, int wpl, int w, int x, int on)
{
	uint32_t v;
	int k = x >> 5;

	if (x >= w)
		return w;
	v = (on ? line[k] : ~line[k]) & (0xffffffffu >> (x & 31));
	while (v == 0) {
		if (++k >= wpl)
			return w;
		v = on ? line[k] : ~line[k];
	}
	x = k * 32 + __builtin_clz(v);
	return x < w ? x : w;
}

/* bits_fill - set (ON) or clear (!ON) the pixels FROM..TO-1 of LINE */
static inline void
bits_fill(uint32_t *line, int from, int to, int on)
{
	uint32_t bit;
	int k;

	for (; from < to && (from & 31) != 0; from++) {
		bit = 0x80000000u >> (from & 31);
		line[from >> 5] = on ? line[from >> 5] | bit :
		    line[from >> 5] & ~bit;
	}
	for (k = from >> 5; from + 32 <= to; from += 32, k++)
		line[k] = on ? 0xffffffffu : 0;
	for (; from < to; from++) {
		bit = 0x80000000u >> (from & 31);
		line[from >> 5] = on ? line[from >> 5] | bit :
		    line[from >> 5] & ~bit;
	}
}

#endif
