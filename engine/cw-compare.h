/* cw-compare.h — placeholder */
#ifndef CW_COMPARE_H
#define CW_COMPARE_H
#endif
