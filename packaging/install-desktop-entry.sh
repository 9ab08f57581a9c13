#!/bin/sh
# Put PartnerDesk in your desktop's application menu, with its icon: for you only, nothing
# outside your home folder changes. Run it from the folder you extracted, after moving that
# folder where it will stay:  ./install-desktop-entry.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
data=${XDG_DATA_HOME:-$HOME/.local/share}
mkdir -p "$data/applications" "$data/icons/hicolor/256x256/apps" "$data/icons/hicolor/scalable/apps"
cp "$here/partnerdesk.png" "$data/icons/hicolor/256x256/apps/partnerdesk.png"
cp "$here/partnerdesk.svg" "$data/icons/hicolor/scalable/apps/partnerdesk.svg"
sed "s|^Exec=.*|Exec=\"$here/partnerdesk\"|" "$here/partnerdesk.desktop" \
  > "$data/applications/partnerdesk.desktop"
echo "PartnerDesk is in your application menu ($data/applications/partnerdesk.desktop)."
