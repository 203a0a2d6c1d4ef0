################################################################################
#
# winusb
#
################################################################################

# The module through Buildroot's kernel-module infrastructure (Kbuild on
# module/, which finds ../uapi and ../VERSION itself); the library, tools
# and udev rules through the project's own `make install-userspace`.
# Built from the checkout this tree sits in; for a release, set
# WINUSB_SITE to its tarball or git URL instead (Documentation/install.rst).

WINUSB_VERSION = $(shell cat $(BR2_EXTERNAL_WINUSB_PATH)/../../VERSION)
WINUSB_SITE = $(realpath $(BR2_EXTERNAL_WINUSB_PATH)/../..)
WINUSB_SITE_METHOD = local
WINUSB_LICENSE = GPL-2.0 (driver, tools), LGPL-2.1+ (library)
WINUSB_LICENSE_FILES = COPYING LICENSES/preferred/GPL-2.0 LICENSES/preferred/LGPL-2.1
WINUSB_INSTALL_STAGING = YES
WINUSB_MODULE_SUBDIRS = module

# The driver needs the USB core.
define WINUSB_LINUX_CONFIG_FIXUPS
	$(call KCONFIG_ENABLE_OPT,CONFIG_USB)
endef

WINUSB_MAKE_OPTS = \
	$(TARGET_CONFIGURE_OPTS) \
	BUILD=$(@D)/build \
	PREFIX=/usr \
	LIBDIR=/usr/lib \
	UDEVRULESDIR=/usr/lib/udev/rules.d

define WINUSB_BUILD_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(WINUSB_MAKE_OPTS) userspace testdev
endef

# Headers, libraries and libwinusb.pc for packages built against it.
define WINUSB_INSTALL_STAGING_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D)/userspace $(WINUSB_MAKE_OPTS) \
		BUILD=$(@D)/build/userspace DESTDIR=$(STAGING_DIR) install
endef

define WINUSB_INSTALL_TARGET_CMDS
	$(TARGET_MAKE_ENV) $(MAKE) -C $(@D) $(WINUSB_MAKE_OPTS) \
		DESTDIR=$(TARGET_DIR) install-userspace
endef

$(eval $(kernel-module))
$(eval $(generic-package))
