#include <errno.h>
#include "errseq.h"
int main(void)
{
	_Atomic errseq_t w = 0;
	errseq_t since = errseq_sample(&w);
	errseq_set(&w, -EIO);
	return errseq_check_and_advance(&w, &since) == -EIO ? 0 : 1;
}
