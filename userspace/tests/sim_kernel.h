/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * sim_kernel.h - a simulated winusb driver for the library's unit tests.
 *
 * sim_kernel.c implements the wu_k_* functions of src/libwinusb.h (in place
 * of src/kernel.c) following <linux/winusb.h>, for one high-speed device
 * (1234:5678, configuration 1) with two interfaces bound to winusb:
 *
 *   interface 0, alt 0: 0x81 bulk IN 512, 0x02 bulk OUT 512
 *                alt 1: the same, plus 0x83 interrupt IN 64 (bInterval 4)
 *   interface 1, alt 0: 0x84 bulk IN 64, 0x05 bulk OUT 64
 *
 * Behaviour: data written to 0x02 is read back from 0x81 (loopback, reads
 * wait for it); 0x84 reads wait for sim_feed(), complete with -ETIMEDOUT at
 * once if PIPE_TRANSFER_TIMEOUT is set on 0x84, and with -EPIPE if
 * sim_stall(0x84) was called; 0x05 and 0x83 OUT/IN behave as sinks/waits.
 * Control: vendor IN bRequest 1 returns bytes 0, 1, 2...; vendor OUT
 * bRequest 2 is accepted; bRequest 0xFF stalls; SET_CONFIGURATION is
 * refused with EPERM.
 *
 * Each interface's node is a pseudo-terminal slave, so that it is a real
 * character device the library can poll(): the simulator keeps one byte in
 * the terminal while completions are queued, and hangs it up on unplug.  A
 * fake sysfs and /dev tree (DEVNAME=winusb/1-1:1.<n>) lets the library find
 * the sibling interface.
 */
#ifndef SIM_KERNEL_H
#define SIM_KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* Create the device; @node0 and @node1 receive the two nodes' paths. */
int sim_start(char *node0, size_t len0, char *node1, size_t len1);
/* Remove the temporary tree. */
void sim_stop(void);
/* Unplug: complete everything with -ENODEV and hang up the nodes. */
void sim_unplug(void);
/* Requests pending on interface @ifnum, endpoint @ep (-1: any). */
unsigned int sim_pending(int ifnum, int ep);
/* Give pending 0x84 reads @len bytes of @data. */
void sim_feed(const void *data, size_t len);
/* Make reads on @ep fail with -EPIPE. */
void sim_stall(uint8_t ep);
/* A pipe policy's stored value (or -1 if never set) on interface @ifnum. */
int64_t sim_policy(int ifnum, uint8_t ep, uint32_t policy);
/* Store a pipe policy value directly (as another program would). */
void sim_set_policy(int ifnum, uint8_t ep, uint32_t policy, uint64_t value);
/* The last control setup packet submitted, as sent. */
void sim_last_setup(uint8_t setup[8]);
/* The current alternate setting of interface @ifnum. */
int sim_altsetting(int ifnum);
/* Number of submits seen. */
unsigned int sim_submits(void);

#endif /* SIM_KERNEL_H */
