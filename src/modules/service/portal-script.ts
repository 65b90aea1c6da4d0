import { createHash } from 'node:crypto';

/**
 * The portal page's one script, served same-origin at /support-assets/portal.js (the CSP allows
 * only 'self' scripts, no inline code). As the subject is typed it asks the public search and
 * lists matching articles under the field; without it the form still works, and the server shows
 * matching articles once more before the request goes out.
 */
export const PORTAL_SCRIPT = `(function(){
var form=document.getElementById('kp-ticket');var input=document.getElementById('kp-subject');var box=document.getElementById('kp-suggest');
if(!form||!input||!box)return;
var url=form.getAttribute('data-search');var lang=form.getAttribute('data-lang')||'en';var title=form.getAttribute('data-title')||'';
var timer=0;var seq=0;var last='';
function show(hits){box.textContent='';if(!hits.length)return;
var h=document.createElement('h2');h.textContent=title;h.id='kp-suggest-title';box.appendChild(h);
var ul=document.createElement('ul');ul.className='kp-list';ul.setAttribute('aria-labelledby','kp-suggest-title');
hits.forEach(function(x){var li=document.createElement('li');var a=document.createElement('a');a.href=new URL(x.url,location.href).pathname;a.textContent=x.title;a.target='_blank';a.rel='noopener';
var s=document.createElement('span');s.className='kp-muted';s.textContent=x.excerpt;li.appendChild(a);li.appendChild(document.createElement('br'));li.appendChild(s);ul.appendChild(li);});
box.appendChild(ul);}
function ask(){var q=input.value.trim();if(q===last)return;last=q;var mine=++seq;
if(q.length<3){show([]);return;}
fetch(url+'?limit=5&locale='+encodeURIComponent(lang)+'&q='+encodeURIComponent(q),{credentials:'omit'}).then(function(r){return r.ok?r.json():{data:[]};})
.then(function(b){if(mine===seq)show(b.data||[]);}).catch(function(){});}
input.addEventListener('input',function(){clearTimeout(timer);timer=setTimeout(ask,250);});
})();
`;

export const PORTAL_SCRIPT_ETAG = `"${createHash('sha256').update(PORTAL_SCRIPT).digest('base64url').slice(0, 22)}"`;
