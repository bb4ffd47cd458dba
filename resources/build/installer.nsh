; Included by electron-builder's NSIS installer (nsis.include): registers the context-launch
; protocol (nordjysk-workbench://citizen?cpr=…) for every user of the machine, since the
; installer is per-machine, and removes it on uninstall. README, "Opening a citizen from a
; practice system".
!macro customInstall
  WriteRegStr SHCTX "Software\Classes\nordjysk-workbench" "" "URL:Nordjysk eSundhed Workbench"
  WriteRegStr SHCTX "Software\Classes\nordjysk-workbench" "URL Protocol" ""
  WriteRegStr SHCTX "Software\Classes\nordjysk-workbench\DefaultIcon" "" "$INSTDIR\${APP_EXECUTABLE_FILENAME},0"
  WriteRegStr SHCTX "Software\Classes\nordjysk-workbench\shell\open\command" "" '"$INSTDIR\${APP_EXECUTABLE_FILENAME}" "%1"'
!macroend

!macro customUnInstall
  DeleteRegKey SHCTX "Software\Classes\nordjysk-workbench"
!macroend
