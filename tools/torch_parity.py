#!/usr/bin/python3
"""torch_parity.py — reference outputs and gradients from PyTorch for tests/engine/test-torch-parity.c.

Builds small 1D CNNs in PyTorch (float32, fixed seed), each mirroring one spec string of ours layer for
layer, runs forward + backward of a loss and writes everything the C test needs to rebuild the same net
and compare. Run with the Debian PyTorch (python3-torch) and commit the result:

    /usr/bin/python3 tools/torch_parity.py > tests/engine/fixtures/torch_parity.txt

Diagnostics (the float32-vs-float64 spread of PyTorch itself, per tensor) go to stderr.

Fixture format: whitespace-separated text that C reads with fscanf. Lines starting with '#' are comments.
Per case, in this order:

    case NAME
    spec TEXT                    rest of the line: the architecture in our text syntax (cw-spec.h)
    shape C L N                  input channels, input length, batch size
    task TASK                    regression | binary | multiclass | multilabel
    outputs K                    values per sample produced by the logits layer
    mode MODE                    training (forward+loss+backward) | inference (forward only)
    loss LOSS                    mse | mae | crossentropy | bce | hinge | exp | none (inference)
    vector NAME COUNT v1 ... vCOUNT     (%.9g, enough digits to round-trip a float32)
    ...
    end

Vectors of a training case: params, state_init, x, target, output, loss (1 value), state, grad_params,
grad_x. An inference case has params, state_init, x, output, state and probs (the task's output function
applied to the logits, what cw_model_predict returns when no scaling is set).
  - params: every trainable parameter in OUR flat order, layer after layer: conv weight (F, C, k) then
    bias (F) when present; dense weight (out, in) then bias (out); batchnorm gamma (C) then beta (C);
    prelu one slope per channel.
  - state_init / state: batchnorm running mean (C) then running variance (C), per batchnorm layer, before
    and after the forward. state_init is deliberately not (0, 1) so the momentum update is checked.
  - x: the input (N, C, L); target: (N, K) in our format (one-hot rows for multiclass, 0/1 for binary and
    multilabel); output: the logits (N, K); loss: the reduced loss (MSE/MAE/BCE/hinge/exp mean over N*K,
    cross-entropy mean over N); grad_params: d loss / d params in our flat order; grad_x: d loss / d x.
"""

import copy
import sys

import torch
import torch.nn as nn
import torch.nn.functional as F

SEED = 20240611


class Pad(nn.Module):
    """Zero padding (left, right) in front of a valid convolution: our explicit and causal padding."""

    def __init__(self, left, right):
        super().__init__()
        self.left, self.right = left, right

    def forward(self, x):
        return F.pad(x, (self.left, self.right))


class FlattenKeep(nn.Module):
    """Our flatten: (N, C, L) -> (N, C*L, 1), channel-major like PyTorch's flatten."""

    def forward(self, x):
        return x.reshape(x.shape[0], -1, 1)


class Net(nn.Module):
    """A stack built token by token: `tokens` is our spec, `layers` the PyTorch equivalent, and `ours`
    lists, per layer, the tensors in our flat parameter order."""

    def __init__(self, channels, length):
        super().__init__()
        self.c, self.l = channels, length
        self.in_shape = (channels, length)
        self.tokens = []
        self.layers = nn.ModuleList()
        self.ours = []
        self.norms = []

    def _add(self, token, module, params=()):
        self.tokens.append(token)
        self.layers.append(module)
        self.ours.append(list(params))
        was_training = module.training
        module.eval()
        with torch.no_grad():
            y = module(torch.zeros(2, self.c, self.l))
        module.train(was_training)
        self.c, self.l = y.shape[1], y.shape[2]
        return module

    def conv(self, filters, k, s=1, d=1, pad=None, bias=True):
        args = [str(filters), "k=%d" % k]
        if s != 1:
            args.append("s=%d" % s)
        if d != 1:
            args.append("d=%d" % d)
        if not bias:
            args.append("bias=false")
        padding = 0
        pre = None
        if pad == "same":
            args.append("pad=same")
            assert s == 1 and k % 2 == 1, "PyTorch 'same' is symmetric only for stride 1 and odd k"
            padding = "same"
        elif pad == "causal":
            args.append("pad=causal")
            pre = Pad(d * (k - 1), 0)
        elif isinstance(pad, int):
            args.append("pad=%d" % pad)
            padding = pad
        elif isinstance(pad, tuple):
            args.append("pad=%d:%d" % pad)
            pre = Pad(*pad)
        conv = nn.Conv1d(self.c, filters, k, stride=s, dilation=d, padding=padding, bias=bias)
        module = nn.Sequential(pre, conv) if pre is not None else conv
        return self._add("conv(%s)" % ",".join(args), module,
                         [conv.weight] + ([conv.bias] if bias else []))

    def dense(self, units):
        lin = nn.Linear(self.c * self.l, units)
        # Our dense sees (N, C, L) as N rows of C*L values and produces (N, units, 1).
        module = nn.Sequential(nn.Flatten(), lin, nn.Unflatten(1, (units, 1)))
        return self._add("dense(%d)" % units, module, [lin.weight, lin.bias])

    def batchnorm(self):
        bn = nn.BatchNorm1d(self.c, momentum=0.1, eps=1e-5)
        with torch.no_grad():
            bn.weight.copy_(0.5 + torch.rand(self.c))
            bn.bias.copy_(0.5 * torch.randn(self.c))
            bn.running_mean.copy_(0.3 * torch.randn(self.c))
            bn.running_var.copy_(0.5 + torch.rand(self.c))
        self.norms.append(bn)
        return self._add("batchnorm", bn, [bn.weight, bn.bias])

    def prelu(self, alpha):
        pr = nn.PReLU(self.c, init=alpha)
        with torch.no_grad():
            # A different slope per channel, so a shared or mis-indexed slope shows.
            pr.weight.copy_(0.05 + 0.5 * torch.rand(self.c))
        return self._add("prelu(%g)" % alpha, pr, [pr.weight])

    def act(self, token, module):
        return self._add(token, module)

    def pool(self, token, module):
        return self._add(token, module)

    def flatten(self):
        return self._add("flatten", FlattenKeep())

    def output_function(self, token):
        """A trailing softmax/sigmoid: in our spec only, since the engine skips it for the loss (fused)
        and the PyTorch losses take logits too."""
        self.tokens.append(token)

    def spec(self):
        return " ".join(self.tokens)

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        return x.reshape(x.shape[0], -1)

    def flat_params(self):
        return [p for group in self.ours for p in group]

    def state(self):
        return [t for bn in self.norms for t in (bn.running_mean, bn.running_var)]


def build_cases():
    cases = []

    # (1) explicit padding + stride, batchnorm in training mode, overlapping max pooling, dilation,
    # leaky relu, average pooling that drops a tail element, flatten, dense, tanh; MSE.
    net = Net(2, 37)
    net.conv(6, k=5, s=2, pad=2)
    net.batchnorm()
    net.act("relu", nn.ReLU())
    net.pool("maxpool(3,s=2)", nn.MaxPool1d(3, stride=2))
    net.conv(5, k=3, d=2)
    net.act("leakyrelu(0.1)", nn.LeakyReLU(0.1))
    net.pool("avgpool(2)", nn.AvgPool1d(2))
    net.flatten()
    net.dense(7)
    net.act("tanh", nn.Tanh())
    net.dense(1)
    cases.append(dict(name="conv_bn_pool_mse", net=net, n=4, task="regression", loss="mse"))

    # (2) even kernel, elu, 'same' conv, softplus, global max pooling, dense straight after a global
    # pool, swish; cross-entropy with a trailing softmax the model must skip.
    net = Net(3, 23)
    net.conv(4, k=4)
    net.act("elu(0.7)", nn.ELU(0.7))
    net.conv(6, k=5, pad="same")
    net.act("softplus", nn.Softplus())
    net.pool("gmaxpool", nn.AdaptiveMaxPool1d(1))
    net.dense(4)
    net.act("swish", nn.SiLU())
    net.dense(3)
    net.output_function("softmax")
    cases.append(dict(name="elu_same_gmax_swish_ce", net=net, n=4, task="multiclass",
                      loss="crossentropy"))

    # (3) causal dilated conv, per-channel prelu, strided conv, sigmoid inside the net, global average
    # pooling, dense; BCE (multilabel) with a trailing sigmoid the model must skip.
    net = Net(2, 31)
    net.conv(4, k=3, d=2, pad="causal")
    net.prelu(0.25)
    net.conv(5, k=3, s=2)
    net.act("sigmoid", nn.Sigmoid())
    net.pool("gavgpool", nn.AdaptiveAvgPool1d(1))
    net.dense(5)
    net.output_function("sigmoid")
    cases.append(dict(name="causal_prelu_gavg_bce", net=net, n=3, task="multilabel", loss="bce"))

    # (4) conv without bias, relu6 (inputs scaled so some values clip at 6), pooling window 3 dropping a
    # tail element, asymmetric explicit padding, trailing linear; MAE on two outputs.
    net = Net(1, 29)
    net.conv(3, k=7, bias=False)
    net.act("relu6", nn.ReLU6())
    net.pool("avgpool(3)", nn.AvgPool1d(3))
    net.conv(2, k=2, pad=(1, 0))
    net.flatten()
    net.dense(2)
    net.act("linear", nn.Identity())
    cases.append(dict(name="relu6_avgpool_mae", net=net, n=3, task="regression", loss="mae",
                      x_scale=6.0))

    # (5) inference: batchnorm with running statistics, rrelu at its mean slope, dropout as identity,
    # softmax output function applied by cw_model_predict.
    net = Net(2, 25)
    net.conv(5, k=3, pad=1)
    net.batchnorm()
    net.act("rrelu(0.1,0.3)", nn.RReLU(0.1, 0.3))
    net.act("dropout(0.3)", nn.Dropout(0.3))
    net.pool("maxpool(2)", nn.MaxPool1d(2))
    net.flatten()
    net.dense(6)
    net.act("dropout(0.5)", nn.Dropout(0.5))
    net.act("tanh", nn.Tanh())
    net.dense(4)
    net.output_function("softmax")
    cases.append(dict(name="inference_bn_rrelu_dropout", net=net, n=3, task="multiclass", loss="none"))

    # (6) hinge on a binary output (PyTorch has no such module: written with autograd ops).
    net = Net(2, 15)
    net.conv(3, k=3)
    net.act("tanh", nn.Tanh())
    net.pool("gavgpool", nn.AdaptiveAvgPool1d(1))
    net.dense(1)
    cases.append(dict(name="hinge_binary", net=net, n=4, task="binary", loss="hinge"))

    # (7) exponential loss on two labels, strided conv and a batchnorm after a dense layer.
    net = Net(2, 19)
    net.conv(3, k=5, s=3)
    net.act("relu", nn.ReLU())
    net.flatten()
    net.dense(4)
    net.batchnorm()
    net.act("sigmoid", nn.Sigmoid())
    net.dense(2)
    cases.append(dict(name="exp_multilabel_bn_dense", net=net, n=3, task="multilabel", loss="exp"))
    return cases


def make_target(case, k):
    n, task = case["n"], case["task"]
    if task == "regression":
        t = torch.randn(n, k)
        return t, t
    if task == "multiclass":
        idx = torch.randint(0, k, (n,))
        idx[: min(n, k)] = torch.arange(min(n, k))  # every class appears at least once when n >= k
        return F.one_hot(idx, k).float(), idx
    t = torch.randint(0, 2, (n, k)).float()
    if t.min() == t.max():
        t[0, 0] = 1 - t[0, 0]
    return t, t


def compute_loss(name, out, target):
    if name == "mse":
        return nn.MSELoss()(out, target)
    if name == "mae":
        return nn.L1Loss()(out, target)
    if name == "crossentropy":
        return nn.CrossEntropyLoss()(out, target)
    if name == "bce":
        return nn.BCEWithLogitsLoss()(out, target)
    y = 2 * target - 1
    if name == "hinge":
        return torch.clamp(1 - y * out, min=0).mean()
    if name == "exp":
        return torch.exp(-y * out).mean()
    raise ValueError(name)


def output_function(task, logits):
    if task == "multiclass":
        return torch.softmax(logits, dim=1)
    if task in ("binary", "multilabel"):
        return torch.sigmoid(logits)
    return logits


def run(case, x, target, dtype):
    """Forward (+ loss + backward) of the case's net in dtype on a copy; returns a dict of flat tensors."""
    net = copy.deepcopy(case["net"]).to(dtype)
    training = case["loss"] != "none"
    net.train(training)
    x = x.detach().to(dtype).requires_grad_(training)
    target = target.to(dtype) if target.is_floating_point() else target
    res = {"state_init": [t.detach().clone() for t in net.state()]}
    out = net(x)
    res["output"] = out.detach()
    res["state"] = [t.detach().clone() for t in net.state()]
    if training:
        loss = compute_loss(case["loss"], out, target)
        loss.backward()
        res["loss"] = loss.detach().reshape(1)
        res["grad_params"] = [p.grad.detach() for p in net.flat_params()]
        res["grad_x"] = x.grad.detach()
    else:
        res["probs"] = output_function(case["task"], out).detach()
    return res


def flat(tensors):
    if isinstance(tensors, torch.Tensor):
        return tensors.reshape(-1)
    if not tensors:
        return torch.zeros(0)
    return torch.cat([t.reshape(-1) for t in tensors])


def write_vector(out, name, values):
    values = flat(values).detach().to(torch.float32).tolist()
    out.write("vector %s %d" % (name, len(values)))
    for i, v in enumerate(values):
        out.write("\n" if i % 8 == 0 else " ")
        out.write("%.9g" % v)
    out.write("\n")


def main():
    torch.manual_seed(SEED)
    torch.set_num_threads(1)
    cases = build_cases()
    out = sys.stdout
    out.write("# torch_parity.txt — generated by tools/torch_parity.py (PyTorch %s, seed %d); do not edit.\n"
              "# Format: see the docstring of tools/torch_parity.py.\n" % (torch.__version__, SEED))
    for case in cases:
        net = case["net"]
        # Fresh, seeded inputs per case; float32 throughout.
        (c, l), n = net.in_shape, case["n"]
        x = torch.randn(n, c, l) * case.get("x_scale", 1.0)
        with torch.no_grad():
            k = net.eval()(x).shape[1]
        net.train()
        target, torch_target = make_target(case, k)
        if case["loss"] == "hinge":
            # Targets chosen from the logits' signs so that half the terms sit beyond the margin (zero
            # gradient) and half inside it: both branches of the hinge are exercised.
            # The last dense layer is scaled so the largest |logit| is 2.5, well past the margin.
            with torch.no_grad():
                o = net.eval()(x)
                for p in net.ours[-1]:
                    p.mul_(2.5 / o.abs().max())
                o = net(x)
            net.train()
            agree = (o > 0).float()
            rank = torch.argsort(o.abs().reshape(-1), descending=True)
            flip = torch.zeros(n, 1)
            flip[rank[n // 2:]] = 1
            target = agree * (1 - flip) + (1 - agree) * flip
            torch_target = target
        if case["name"].startswith("relu6"):
            with torch.no_grad():
                pre = net.layers[0](x)
            assert (pre > 6).any() and (pre < 0).any(), "relu6 case must clip on both sides"
        ref = run(case, x, torch_target, torch.float32)
        dbl = run(case, x, torch_target, torch.float64)
        for key in ref:
            a, b = flat(ref[key]).double(), flat(dbl[key]).double()
            if a.numel():
                err = ((a - b).abs() / b.abs().clamp(min=1.0)).max().item()
                sys.stderr.write("%-28s %-12s n=%-4d float32 vs float64: max mixed error %.2e\n"
                                 % (case["name"], key, a.numel(), err))
        if case["loss"] == "hinge":
            o = ref["output"].reshape(-1)
            y = 2 * target.reshape(-1) - 1
            margin = 1 - y * o
            assert (margin > 0).any() and (margin < 0).any(), "hinge case needs both kinds of terms"
            assert margin.abs().min() > 1e-3, "hinge case too close to the kink"
        training = case["loss"] != "none"
        out.write("case %s\n" % case["name"])
        out.write("spec %s\n" % net.spec())
        out.write("shape %d %d %d\n" % (c, l, n))
        out.write("task %s\n" % case["task"])
        out.write("outputs %d\n" % k)
        out.write("mode %s\n" % ("training" if training else "inference"))
        out.write("loss %s\n" % case["loss"])
        write_vector(out, "params", net.flat_params())
        write_vector(out, "state_init", ref["state_init"])
        write_vector(out, "x", x)
        if training:
            write_vector(out, "target", target)
        write_vector(out, "output", ref["output"])
        if training:
            write_vector(out, "loss", ref["loss"])
        write_vector(out, "state", ref["state"])
        if training:
            write_vector(out, "grad_params", ref["grad_params"])
            write_vector(out, "grad_x", ref["grad_x"])
        else:
            write_vector(out, "probs", ref["probs"])
        out.write("end\n")


if __name__ == "__main__":
    main()
