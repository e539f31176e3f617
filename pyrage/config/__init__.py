"""config.py's vocabulary: ``job``, the devices (``console``, ``time``, ``mclock``, ``pclock``,
``random``, ``device``, ``netif``, ``stackv4``, ``block``, ``kv_ro``, ``kv_rw``, ``tar_ro``) and
boot arguments (``arg``). See pyrage/config/dsl.py, pyrage/config/network.py and
pyrage/config/storage.py."""

from pyrage.config.dsl import arg as arg
from pyrage.config.dsl import console as console
from pyrage.config.dsl import device as device
from pyrage.config.dsl import job as job
from pyrage.config.dsl import mclock as mclock
from pyrage.config.dsl import pclock as pclock
from pyrage.config.dsl import random as random
from pyrage.config.dsl import time as time
from pyrage.config.network import netif as netif
from pyrage.config.network import stackv4 as stackv4
from pyrage.config.storage import block as block
from pyrage.config.storage import kv_ro as kv_ro
from pyrage.config.storage import kv_rw as kv_rw
from pyrage.config.storage import tar_ro as tar_ro

__all__ = ["arg", "block", "console", "device", "job", "kv_ro", "kv_rw", "mclock", "netif",
           "pclock", "random", "stackv4", "tar_ro", "time"]
