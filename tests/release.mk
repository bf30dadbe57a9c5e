# make release: the static binaries for download, each named by version
# and uname -m, and the same packed with the man page as a .deb and an
# .rpm (tests/release/pkg.sh, with dpkg-deb and Debian's rpmbuild), with
# SHA256SUMS of it all, alone in .build/release, so that
# "sha256sum -c SHA256SUMS" checks them there and the directory can be
# uploaded as it is. The packages' maintainer is by default the last
# commit's author.
MAINTAINER = $(shell [ -e .git ] && git log -1 --format='%an <%ae>' 2>/dev/null)
RELEASE_ARCHS = x86_64 aarch64
REL = $(B)/release
release:
	@command -v rpmbuild >/dev/null && command -v dpkg-deb >/dev/null || \
		{ echo "release: apt-get install rpm dpkg" >&2; exit 1; }
	rm -rf $(REL) && mkdir -p $(REL)
	$(foreach a,$(RELEASE_ARCHS),$(MAKE) --no-print-directory static \
		ARCH=$(a) && cp $(if $(filter $(a),$(HOST_ARCH)),sexton-static,\
		sexton-static-$(a)) $(REL)/sexton-$(VERSION)-$(a) && \
		tests/release/pkg.sh $(VERSION) $(a) $(REL)/sexton-$(VERSION)-$(a) \
		$(REL) "$(MAINTAINER)" && ) :
	cd $(REL) && ls | grep -vx SHA256SUMS | xargs sha256sum >SHA256SUMS
	@ls -l $(REL) && cat $(REL)/SHA256SUMS

.PHONY: release
