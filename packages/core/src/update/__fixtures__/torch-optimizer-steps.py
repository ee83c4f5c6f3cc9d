"""Expected values for updater.test.ts ("matches PyTorch 1.13 float64").

Run: /usr/bin/python3 src/update/__fixtures__/torch-optimizer-steps.py
Prints one JSON object: case name -> parameters after three steps. The test
embeds the printed numbers; rerun and paste when a case changes.
"""
import json

import torch

torch.set_default_dtype(torch.float64)
theta0 = [0.5, -1.5, 0.0, 2.0, -0.25]
grads = [[0.1, -0.2, 0.3, 0.0, -0.5], [-0.3, 0.4, 0.1, 0.2, 0.6], [0.05, 0.05, -0.7, -0.1, 0.0]]
cases = {
    'sgd': (torch.optim.SGD, dict(lr=0.1)),
    'sgd-momentum-dampening': (torch.optim.SGD, dict(lr=0.1, momentum=0.9, dampening=0.3)),
    'sgd-nesterov-l2': (torch.optim.SGD, dict(lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.01)),
    'adam': (torch.optim.Adam, dict(lr=0.1)),
    'adam-l2': (torch.optim.Adam, dict(lr=0.1, weight_decay=0.1)),
    'adamw': (torch.optim.AdamW, dict(lr=0.1, weight_decay=0.1)),
    'adam-amsgrad': (torch.optim.Adam, dict(lr=0.1, amsgrad=True, betas=(0.8, 0.9))),
    'rmsprop': (torch.optim.RMSprop, dict(lr=0.01)),
    'rmsprop-centered-momentum': (torch.optim.RMSprop, dict(lr=0.01, centered=True, momentum=0.5, alpha=0.9)),
    'adagrad-l2': (torch.optim.Adagrad, dict(lr=0.1, lr_decay=0.5, initial_accumulator_value=0.2, weight_decay=0.1)),
}
out = {}
for name, (cls, kwargs) in cases.items():
    p = torch.nn.Parameter(torch.tensor(theta0))
    opt = cls([p], **kwargs)
    for g in grads:
        p.grad = torch.tensor(g)
        opt.step()
    out[name] = p.detach().tolist()
print(json.dumps(out, indent=1))
