#!/usr/bin/env python3
"""The engine used alone from another language: Python's ctypes on libcw.so, no build step, no GLib.

Computes the hand example of a convolution (input [0,3,4,5], kernel [1,2] -> [6,11,14]) and reads a spec
error's column. Prints TAP."""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])


class Error(ctypes.Structure):
    _fields_ = [("status", ctypes.c_int), ("line", ctypes.c_int), ("column", ctypes.c_int),
                ("length", ctypes.c_int), ("item", ctypes.c_int), ("message", ctypes.c_char * 512)]


lib.cw_spec_parse.restype = ctypes.c_void_p
lib.cw_spec_parse.argtypes = [ctypes.c_char_p, ctypes.POINTER(Error)]
lib.cw_model_new.restype = ctypes.c_void_p
lib.cw_model_new.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_int, ctypes.c_int, ctypes.c_int,
                             ctypes.POINTER(Error)]
lib.cw_model_params.restype = ctypes.POINTER(ctypes.c_float)
lib.cw_model_params.argtypes = [ctypes.c_void_p]
lib.cw_model_n_params.restype = ctypes.c_size_t
lib.cw_model_n_params.argtypes = [ctypes.c_void_p]
lib.cw_model_predict.argtypes = [ctypes.c_void_p, ctypes.POINTER(ctypes.c_float), ctypes.c_int,
                                 ctypes.POINTER(ctypes.c_float), ctypes.POINTER(Error)]
lib.cw_model_free.argtypes = [ctypes.c_void_p]
lib.cw_spec_free.argtypes = [ctypes.c_void_p]

results = []

err = Error()
spec = lib.cw_spec_parse(b"conv(1,k=2,bias=false)", ctypes.byref(err))
model = lib.cw_model_new(spec, 1, 4, 0, 3, ctypes.byref(err))  # 1 x 4 input, regression, 3 outputs
ok = bool(model) and lib.cw_model_n_params(model) == 2
if ok:
    params = lib.cw_model_params(model)
    params[0], params[1] = 1.0, 2.0
    x = (ctypes.c_float * 4)(0, 3, 4, 5)
    y = (ctypes.c_float * 3)()
    ok = lib.cw_model_predict(model, x, 1, y, ctypes.byref(err)) == 0 and list(y) == [6.0, 11.0, 14.0]
    print(f"# prediction {list(y)}", file=sys.stderr)
    lib.cw_model_free(model)
lib.cw_spec_free(spec)
results.append(("hand example [0,3,4,5] * [1,2] = [6,11,14] through ctypes", ok))

bad = lib.cw_spec_parse(b"conv(8,k=9) rleu dense(1)", ctypes.byref(err))
results.append(("a bad token is located (column 13, length 4)",
                bad is None and err.column == 13 and err.length == 4 and b"rleu" in err.message))

print(f"1..{len(results)}")
for i, (name, passed) in enumerate(results, 1):
    print(f"{'ok' if passed else 'not ok'} {i} - {name}")
sys.exit(0 if all(p for _, p in results) else 1)
