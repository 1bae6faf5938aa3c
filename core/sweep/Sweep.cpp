#include "sweep/Sweep.h"
