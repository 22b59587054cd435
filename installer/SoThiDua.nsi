; Trình cài đặt Sổ Thi đua cho Windows (NSIS 3, Modern UI 2) — Windows installer of Sổ Thi đua.
;
;   makensis -DVERSION=0.1.0 installer/SoThiDua.nsi                        (bundle: dist/SoThiDua)
;   makensis -DVERSION=0.1.0 -DBUNDLE=/abs/path/dist/SoThiDua installer/SoThiDua.nsi
;   (on Windows the options may also be written /DVERSION=…)
;
; makensis works in this script's folder (unless /NOCD): the default paths below are relative to it, and a
; BUNDLE or OUTDIR given on the command line should be absolute. The installer is written to dist/.
;
; Per user, without administrator rights: installs into %LOCALAPPDATA%\Programs\SoThiDua and writes only
; under HKEY_CURRENT_USER. The user's ledger and backups live in %LOCALAPPDATA%\SoThiDua (desktop/paths.py):
; a DIFFERENT folder, so that installing, upgrading or uninstalling the program never touches the data.
; The uninstaller deletes only the files this installer put there, never a whole folder it did not create.

Unicode true
ManifestDPIAware true
RequestExecutionLevel user
SetCompressor /SOLID lzma

; The uninstall key and identity of the program in Windows. NEVER CHANGE IT: a new version installed with
; another AppId would appear twice in "Programs and Features" and would not upgrade the old one.
!define APP_ID "{D5F108C3-FBF3-44EA-A96A-E7DD479FAF50}"

!define APP_NAME "Sổ Thi đua"
!define PUBLISHER "Nhóm phát triển Sổ Thi đua"
!define EXE "SoThiDua.exe"
!define CLI_EXE "thidua.exe"
!define UNINSTALLER "Uninstall.exe"
!define UNINST_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\${APP_ID}"
!define PROG_ID "SoThiDua.Package"
!define EXTENSION ".thidua"

!ifndef VERSION
  !error "Thiếu số phiên bản: makensis -DVERSION=0.1.0 installer/SoThiDua.nsi"
!endif
!ifndef BUNDLE
  !define BUNDLE "..\dist\SoThiDua"
!endif
!ifndef OUTDIR
  !define OUTDIR "..\dist"
!endif

Name "${APP_NAME}"
Caption "Cài đặt ${APP_NAME} ${VERSION}"
UninstallCaption "Gỡ cài đặt ${APP_NAME}"
BrandingText "${APP_NAME} ${VERSION}"
OutFile "${OUTDIR}\SoThiDua-${VERSION}-CaiDat.exe"
InstallDir "$LOCALAPPDATA\Programs\SoThiDua"
InstallDirRegKey HKCU "${UNINST_KEY}" "InstallLocation"  ; an upgrade goes where the last version went

!include "MUI2.nsh"
!include "FileFunc.nsh"

!define MUI_ABORTWARNING
; The program icon (resources/icons, drawn by installer/make_icon.py) on the installer and the uninstaller.
!define MUI_ICON "..\resources\icons\so-thi-dua.ico"
!define MUI_UNICON "..\resources\icons\so-thi-dua.ico"
!define MUI_WELCOMEPAGE_TITLE "Cài đặt ${APP_NAME} ${VERSION}"
!define MUI_WELCOMEPAGE_TEXT "Chương trình sẽ cài ${APP_NAME} cho riêng tài khoản Windows này, không cần quyền \
quản trị.$\r$\n$\r$\nSổ dữ liệu và các bản sao lưu nằm ở thư mục riêng (%LOCALAPPDATA%\SoThiDua); cài đặt, \
cập nhật hay gỡ chương trình đều không đụng tới dữ liệu.$\r$\n$\r$\nNếu ${APP_NAME} đang mở, hãy đóng lại trước \
khi tiếp tục.$\r$\n$\r$\n$_CLICK"
!define MUI_DIRECTORYPAGE_TEXT_TOP "Thư mục cài chương trình (không phải thư mục chứa sổ dữ liệu). Nên giữ \
nguyên thư mục mặc định."
!define MUI_FINISHPAGE_TITLE "Đã cài xong ${APP_NAME}"
!define MUI_FINISHPAGE_TEXT "${APP_NAME} đã được cài vào máy. Mở chương trình từ biểu tượng trên màn hình nền \
hoặc trong menu Start. Bấm đúp vào tệp .thidua cũng mở ${APP_NAME}."
!define MUI_FINISHPAGE_RUN "$INSTDIR\${EXE}"
!define MUI_FINISHPAGE_RUN_TEXT "Mở ${APP_NAME} ngay"
!define MUI_UNCONFIRMPAGE_TEXT_TOP "Chương trình ${APP_NAME} sẽ được gỡ khỏi máy. Sổ dữ liệu và các bản sao \
lưu trong %LOCALAPPDATA%\SoThiDua được GIỮ NGUYÊN; muốn xóa thì xóa thư mục đó bằng tay sau khi đã sao lưu."

!insertmacro MUI_PAGE_WELCOME
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
!insertmacro MUI_LANGUAGE "Vietnamese"

VIProductVersion "${VERSION}.0"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductName" "${APP_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "CompanyName" "${PUBLISHER}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "FileDescription" "Cài đặt ${APP_NAME}"
VIAddVersionKey /LANG=${LANG_VIETNAMESE} "LegalCopyright" "Giấy phép MIT"

Function .onVerifyInstDir
  ; Never install into the data folder: the program folder must be one the uninstaller may empty.
  StrCmp $INSTDIR "$LOCALAPPDATA\SoThiDua" 0 +2
    Abort
FunctionEnd

Section "${APP_NAME}" SecMain
  SectionIn RO
  SetShellVarContext current  ; shortcuts for this user only
  SetOutPath "$INSTDIR"
  ; An upgrade replaces the libraries folder as a whole: no file of the old version stays behind.
  RMDir /r "$INSTDIR\_internal"
  File /r "${BUNDLE}\*"
  WriteUninstaller "$INSTDIR\${UNINSTALLER}"
  ; The icon file beside the program too: the .thidua file type shows it (SoThiDua.exe carries it as well).
  File "/oname=so-thi-dua.ico" "..\resources\icons\so-thi-dua.ico"

  CreateShortCut "$SMPROGRAMS\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0
  CreateShortCut "$DESKTOP\${APP_NAME}.lnk" "$INSTDIR\${EXE}" "" "$INSTDIR\${EXE}" 0

  ; .thidua files (handoff files from a USB stick) open in the program: HKCU\Software\Classes, this user only.
  WriteRegStr HKCU "Software\Classes\${EXTENSION}" "" "${PROG_ID}"
  WriteRegStr HKCU "Software\Classes\${EXTENSION}\OpenWithProgids" "${PROG_ID}" ""
  WriteRegStr HKCU "Software\Classes\${PROG_ID}" "" "Tệp dữ liệu ${APP_NAME}"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\DefaultIcon" "" "$INSTDIR\so-thi-dua.ico"
  WriteRegStr HKCU "Software\Classes\${PROG_ID}\shell\open\command" "" '"$INSTDIR\${EXE}" "%1"'
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'  ; SHCNE_ASSOCCHANGED: new icon now

  ; "Programs and Features" (Apps & features), under the constant AppId.
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayName" "${APP_NAME}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKCU "${UNINST_KEY}" "Publisher" "${PUBLISHER}"
  WriteRegStr HKCU "${UNINST_KEY}" "DisplayIcon" "$INSTDIR\${EXE},0"
  WriteRegStr HKCU "${UNINST_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKCU "${UNINST_KEY}" "UninstallString" '"$INSTDIR\${UNINSTALLER}"'
  WriteRegStr HKCU "${UNINST_KEY}" "QuietUninstallString" '"$INSTDIR\${UNINSTALLER}" /S'
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoModify" 1
  WriteRegDWORD HKCU "${UNINST_KEY}" "NoRepair" 1
  ${GetSize} "$INSTDIR" "/S=0K" $0 $1 $2
  IntFmt $0 "0x%08X" $0
  WriteRegDWORD HKCU "${UNINST_KEY}" "EstimatedSize" "$0"
SectionEnd

Section "Uninstall"
  SetShellVarContext current
  Delete "$SMPROGRAMS\${APP_NAME}.lnk"
  Delete "$DESKTOP\${APP_NAME}.lnk"

  ; Only what the installer put into the program folder. The data folder %LOCALAPPDATA%\SoThiDua (ledger,
  ; backups, log) is another folder and is KEPT; the folder below is removed only once it is empty.
  RMDir /r "$INSTDIR\_internal"
  Delete "$INSTDIR\${EXE}"
  Delete "$INSTDIR\${CLI_EXE}"
  Delete "$INSTDIR\so-thi-dua.ico"
  Delete "$INSTDIR\${UNINSTALLER}"
  RMDir "$INSTDIR"

  ; The file type: ours only if it still points at us (another program may have taken .thidua since).
  ReadRegStr $0 HKCU "Software\Classes\${EXTENSION}" ""
  StrCmp $0 "${PROG_ID}" 0 +2
    DeleteRegValue HKCU "Software\Classes\${EXTENSION}" ""
  DeleteRegValue HKCU "Software\Classes\${EXTENSION}\OpenWithProgids" "${PROG_ID}"
  DeleteRegKey /ifempty HKCU "Software\Classes\${EXTENSION}\OpenWithProgids"
  DeleteRegKey /ifempty HKCU "Software\Classes\${EXTENSION}"
  DeleteRegKey HKCU "Software\Classes\${PROG_ID}"
  System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'

  DeleteRegKey HKCU "${UNINST_KEY}"
SectionEnd
