"""NumPy code the course builds by hand, in one shape throughout (CS231n style).

A layer is a pair of plain functions, ``x_forward(...) -> (out, cache)`` and
``x_backward(dout, cache) -> grads``; the cache is the only thing that travels between them.
Losses return ``(loss, dscores)``; optimisers are ``update(w, dw, config) -> (w, config)``.
Every backward pass is tested against central finite differences (float64) and against
PyTorch autograd on the same inputs (``tests/test_scratch_*.py``). Everything is vectorised
over the batch and works in float32 for training.

Modules:

- :mod:`course_lib.scratch.activations`: activation functions and their derivatives as
  plain elementwise functions (``name(x)``, ``name_grad(x)``), and maxout.
- :mod:`course_lib.scratch.layers`: the affine (fully connected) layer, ReLU, sigmoid and
  tanh as layers, and the affine-ReLU sandwich.
- :mod:`course_lib.scratch.losses`: softmax (stable), softmax cross-entropy, multiclass hinge,
  quadratic (MSE) and L1 losses, and the L1, L2 and elastic-net weight penalties.
- :mod:`course_lib.scratch.mlp`: a multilayer perceptron built from those (``MLP``: forward
  pass, loss and every parameter's gradient) and its minibatch SGD loop (``train_mlp``).
- :mod:`course_lib.scratch.recurrent`: vanilla RNN, LSTM and GRU cells (one step and a
  whole sequence, with backpropagation through time), a per-time-step affine layer, the
  temporal softmax loss and PyTorch-like initialisers.
- :mod:`course_lib.scratch.conv`: convolution (a loop version for teaching and an im2col
  version, with col2im for the backward pass) and max/average pooling, forward and backward,
  in PyTorch's NCHW layout; single-channel cross-correlation and true convolution.
- :mod:`course_lib.scratch.optim`: update rules (SGD, SGD with momentum, Nesterov momentum,
  AdaGrad, RMSProp, Adam) and the remedies for exploding gradients (clipping by value,
  rescaling by the global norm, weight capping).
- :mod:`course_lib.scratch.batchnorm`: batch normalisation, forward and backward, with
  running averages for test time.
- :mod:`course_lib.scratch.dropout`: inverted dropout, forward and backward.
- :mod:`course_lib.scratch.rbf`: radial basis function networks: k-means centres, Gaussian
  units as a forward/backward pair, shared widths, least-squares output weights.
"""
