// The message catalogue: every piece of UI text the viewer shows, in English
// and Chinese. Keys are `<module>.<what>`; `{name}` is filled in by t().
// tests/test_viewer_messages.py checks both languages have the same keys and
// the same placeholders.
//
// Each module keeps its keys together under its own comment.

export const MESSAGES = {

	en: {

		// i18n
		'language.name': 'English',
		'language.switch': 'Switch language',

		// page
		'page.title': 'Exhibition hall',
		'page.hall': 'Hall',
		'page.help': 'Click to look around · WASD/arrows to walk · Shift to run · Esc to release the mouse · Click a booth for details',
		'page.directory': 'Booth list',
		'page.directory_title': 'Booth list without 3D (for screen readers and keyboards)',
		'page.canvas': '3D view of the exhibition hall',
		'page.noscript': 'This viewer needs JavaScript and WebGL.',

		// hud
		'hud.exhibition': 'Exhibition',
		'hud.loading_hall': 'Loading {hall}…',
		'hud.loaded_of': '{loaded} of {total} MB',
		'hud.loaded': '{loaded} MB',
		'hud.preparing': 'Preparing the walk-through…',
		'hud.retry': 'Reload the page to try again.',
		'hud.retry_or_pick': 'Reload the page to try again, or pick another hall.',
		'hud.no_webgl': 'This browser cannot show the 3D hall: WebGL is not available ({reason}).',
		'hud.no_hall': 'This fair has no hall "{hall}" (halls: {known}).',

		// panel
		'panel.close': 'Close (Esc)',
		'panel.zone': 'Zone',
		'panel.country': 'Country',
		'panel.type': 'Type',
		'panel.size': 'Size',
		'panel.products': 'Products',

	},

	zh: {

		// i18n
		'language.name': '中文',
		'language.switch': '切换语言',

		// page
		'page.title': '展馆',
		'page.hall': '展馆',
		'page.help': '点击环顾四周 · WASD/方向键行走 · Shift 加速 · Esc 释放鼠标 · 点击展位查看详情',
		'page.directory': '展位列表',
		'page.directory_title': '无 3D 的展位列表（适用于读屏软件和键盘）',
		'page.canvas': '展馆三维视图',
		'page.noscript': '本浏览器需要启用 JavaScript 和 WebGL。',

		// hud
		'hud.exhibition': '展会',
		'hud.loading_hall': '正在加载{hall}…',
		'hud.loaded_of': '{loaded} / {total} MB',
		'hud.loaded': '{loaded} MB',
		'hud.preparing': '正在准备漫游…',
		'hud.retry': '请刷新页面重试。',
		'hud.retry_or_pick': '请刷新页面重试，或选择其他展馆。',
		'hud.no_webgl': '本浏览器无法显示三维展馆：WebGL 不可用（{reason}）。',
		'hud.no_hall': '本展会没有展馆“{hall}”（现有展馆：{known}）。',

		// panel
		'panel.close': '关闭 (Esc)',
		'panel.zone': '展区',
		'panel.country': '国家/地区',
		'panel.type': '类型',
		'panel.size': '尺寸',
		'panel.products': '展品',

	},

};
