"""Survey of decay rates in PyTorch 1.13 on the lab's data and initial weights.

Picks the rates of apps/lab/configs/*.json: for each method, which rates
visibly change the weights without wrecking accuracy. Not used by tests or
the lab; its output is rate-survey.log.

Usage (from apps/lab):
  node --import tsx scripts/dump-splits.mts /tmp/labtune
  /usr/bin/python3 scripts/rate-survey.py /tmp/labtune none decoupled l2 l1prox l1sub

Each line: method, rate, then per 10 epochs (epoch, train acc, val acc,
val loss, test acc, fraction of exactly-zero kernel weights, weight norm), and
the wall time. Same conventions as the portable config: l2 = Adam
weight_decay on kernels, decoupled = AdamW on kernels, l1prox = soft-threshold
by lr*rate after the Adam step, l1sub = rate*sign(theta) added to the gradient.
Batch order uses torch.randperm (not the lab's), so numbers differ slightly
from the lab's runs.
"""
import numpy as np, torch, sys, time
torch.set_num_threads(1)
d=sys.argv[1].rstrip('/')+'/'
def load(k):
    x=np.fromfile(d+k+'-x.bin',dtype=np.float32).reshape(-1,784); y=np.fromfile(d+k+'-y.bin',dtype=np.uint8).astype(np.int64)
    return torch.from_numpy(x), torch.from_numpy(y)
tr,va,te=load('train'),load('validation'),load('test')
shapes={'dense1_kernel':(784,256),'dense1_bias':(256,),'dense2_kernel':(256,256),'dense2_bias':(256,),'dense3_kernel':(256,10),'dense3_bias':(10,)}
init={k:torch.from_numpy(np.fromfile(d+k+'.bin',dtype=np.float32).reshape(s)) for k,s in shapes.items()}
def fwd(P,x):
    h=torch.relu(x@P['dense1_kernel']+P['dense1_bias']); h=torch.relu(h@P['dense2_kernel']+P['dense2_bias']); return h@P['dense3_kernel']+P['dense3_bias']
def run(method, rate, epochs=30, lr=1e-3, bs=50, seed=0):
    P={k:v.clone().requires_grad_(True) for k,v in init.items()}
    K=[P[k] for k in P if 'kernel' in k]; B=[P[k] for k in P if 'bias' in k]
    if method=='l2': opt=torch.optim.Adam([{'params':K,'weight_decay':rate},{'params':B}],lr=lr)
    elif method=='decoupled': opt=torch.optim.AdamW([{'params':K,'weight_decay':rate},{'params':B,'weight_decay':0}],lr=lr)
    else: opt=torch.optim.Adam(list(P.values()),lr=lr)
    g=torch.Generator().manual_seed(seed); out=[]
    for e in range(1,epochs+1):
        perm=torch.randperm(1000,generator=g)
        for b in range(1000//bs):
            idx=perm[b*bs:(b+1)*bs]
            loss=torch.nn.functional.cross_entropy(fwd(P,tr[0][idx]),tr[1][idx])
            opt.zero_grad(); loss.backward()
            if method=='l1sub':
                with torch.no_grad():
                    for k in K: k.grad.add_(rate*torch.sign(k))
            opt.step()
            if method=='l1prox':
                with torch.no_grad():
                    for k in K: k.copy_(torch.sign(k)*torch.clamp(k.abs()-lr*rate,min=0))
        if e%10==0 or e==epochs:
            with torch.no_grad():
                acc=lambda s:(fwd(P,s[0]).argmax(1)==s[1]).float().mean().item()
                allk=torch.cat([k.flatten() for k in K]); z=(allk==0).float().mean().item(); n=torch.sqrt(sum((p**2).sum() for p in P.values())).item()
                vl=torch.nn.functional.cross_entropy(fwd(P,va[0]),va[1]).item()
                out.append((e,round(acc(tr),3),round(acc(va),4),round(vl,3),round(acc(te),4),round(z,3),round(n,1)))
    return out
grid={'none':[0],'decoupled':[0.1,0.3,1,3,10,30,100],'l2':[1e-4,1e-3,3e-3,1e-2,3e-2,0.1],'l1prox':[0.03,0.1,0.3,1,3],'l1sub':[1e-5,1e-4,3e-4,1e-3]}
for m in sys.argv[2:]:
    for r in grid[m]:
        t=time.time(); o=run(m,r); print(m,r,o,f'{time.time()-t:.1f}s',flush=True)
