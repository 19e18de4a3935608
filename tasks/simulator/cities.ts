/**
 * Real cities the simulator spreads its stations around: name, aqicn.org country slug,
 * latitude, longitude, standard-time UTC offset, and a typical PM2.5 sub-index that sets
 * how polluted the city tends to be.
 */
export interface City {
  name: string;
  country: string;
  lat: number;
  lon: number;
  offset: string;
  basePm25: number;
}

const TABLE = `
Beijing|china|39.904|116.407|+08:00|120
Shanghai|china|31.230|121.474|+08:00|95
Guangzhou|china|23.129|113.264|+08:00|80
Shenzhen|china|22.543|114.058|+08:00|65
Chengdu|china|30.573|104.066|+08:00|110
Wuhan|china|30.593|114.305|+08:00|105
Xi'an|china|34.342|108.940|+08:00|130
Shenyang|china|41.806|123.432|+08:00|115
Harbin|china|45.803|126.535|+08:00|120
Chongqing|china|29.563|106.551|+08:00|100
Tianjin|china|39.343|117.362|+08:00|125
Nanjing|china|32.060|118.797|+08:00|95
Hong Kong|hongkong|22.320|114.170|+08:00|55
Taipei|taiwan|25.033|121.565|+08:00|50
Tokyo|japan|35.690|139.692|+09:00|45
Osaka|japan|34.694|135.502|+09:00|48
Sapporo|japan|43.062|141.354|+09:00|30
Fukuoka|japan|33.590|130.402|+09:00|55
Seoul|korea|37.567|126.978|+09:00|70
Busan|korea|35.180|129.076|+09:00|60
Incheon|korea|37.456|126.705|+09:00|72
Ulaanbaatar|mongolia|47.886|106.906|+08:00|150
Delhi|india|28.704|77.103|+05:30|180
Mumbai|india|19.076|72.878|+05:30|120
Kolkata|india|22.573|88.364|+05:30|150
Chennai|india|13.083|80.271|+05:30|90
Bengaluru|india|12.972|77.595|+05:30|80
Hyderabad|india|17.385|78.487|+05:30|100
Ahmedabad|india|23.023|72.571|+05:30|130
Pune|india|18.520|73.857|+05:30|105
Lucknow|india|26.847|80.947|+05:30|170
Patna|india|25.594|85.138|+05:30|175
Kanpur|india|26.449|80.332|+05:30|170
Jaipur|india|26.912|75.787|+05:30|135
Lahore|pakistan|31.520|74.359|+05:00|190
Karachi|pakistan|24.861|67.010|+05:00|150
Islamabad|pakistan|33.684|73.048|+05:00|120
Dhaka|bangladesh|23.810|90.413|+06:00|185
Kathmandu|nepal|27.717|85.324|+05:45|140
Colombo|sri-lanka|6.927|79.861|+05:30|70
Bangkok|thailand|13.756|100.502|+07:00|85
Chiang Mai|thailand|18.788|98.985|+07:00|110
Hanoi|vietnam|21.028|105.834|+07:00|130
Ho Chi Minh City|vietnam|10.823|106.630|+07:00|90
Jakarta|indonesia|-6.209|106.846|+07:00|125
Surabaya|indonesia|-7.257|112.752|+07:00|90
Kuala Lumpur|malaysia|3.139|101.687|+08:00|70
Singapore|singapore|1.352|103.820|+08:00|50
Manila|philippines|14.600|120.984|+08:00|75
Yangon|myanmar|16.867|96.195|+06:30|120
Phnom Penh|cambodia|11.556|104.928|+07:00|95
Vientiane|laos|17.975|102.633|+07:00|90
Kabul|afghanistan|34.556|69.207|+04:30|160
Tashkent|uzbekistan|41.299|69.240|+05:00|130
Almaty|kazakhstan|43.222|76.851|+06:00|125
Astana|kazakhstan|51.169|71.449|+06:00|90
Bishkek|kyrgyzstan|42.875|74.570|+06:00|140
Tehran|iran|35.689|51.389|+03:30|130
Isfahan|iran|32.652|51.668|+03:30|120
Baghdad|iraq|33.315|44.366|+03:00|160
Riyadh|saudi-arabia|24.713|46.675|+03:00|140
Jeddah|saudi-arabia|21.486|39.193|+03:00|110
Dubai|united-arab-emirates|25.205|55.271|+04:00|115
Abu Dhabi|united-arab-emirates|24.454|54.377|+04:00|110
Doha|qatar|25.286|51.531|+03:00|120
Kuwait City|kuwait|29.376|47.977|+03:00|140
Muscat|oman|23.588|58.383|+04:00|95
Tel Aviv|israel|32.085|34.782|+02:00|60
Jerusalem|israel|31.769|35.214|+02:00|55
Amman|jordan|31.945|35.928|+02:00|80
Beirut|lebanon|33.894|35.502|+02:00|75
Istanbul|turkey|41.008|28.978|+03:00|80
Ankara|turkey|39.933|32.860|+03:00|85
Izmir|turkey|38.423|27.143|+03:00|70
Baku|azerbaijan|40.409|49.867|+04:00|75
Tbilisi|georgia|41.716|44.783|+04:00|80
Yerevan|armenia|40.179|44.499|+04:00|85
Cairo|egypt|30.044|31.236|+02:00|160
Alexandria|egypt|31.200|29.919|+02:00|120
Casablanca|morocco|33.573|-7.590|+01:00|75
Rabat|morocco|34.020|-6.841|+01:00|60
Algiers|algeria|36.754|3.059|+01:00|80
Tunis|tunisia|36.806|10.182|+01:00|75
Lagos|nigeria|6.524|3.379|+01:00|140
Abuja|nigeria|9.076|7.399|+01:00|120
Accra|ghana|5.604|-0.187|+00:00|110
Dakar|senegal|14.716|-17.467|+00:00|120
Abidjan|cote-d-ivoire|5.360|-4.008|+00:00|100
Kinshasa|congo|-4.441|15.266|+01:00|130
Nairobi|kenya|-1.292|36.822|+03:00|75
Addis Ababa|ethiopia|8.980|38.757|+03:00|90
Kampala|uganda|0.347|32.582|+03:00|140
Dar es Salaam|tanzania|-6.792|39.208|+03:00|80
Kigali|rwanda|-1.944|30.062|+02:00|85
Johannesburg|south-africa|-26.204|28.047|+02:00|90
Cape Town|south-africa|-33.925|18.424|+02:00|45
Durban|south-africa|-29.858|31.022|+02:00|60
Pretoria|south-africa|-25.747|28.229|+02:00|85
Luanda|angola|-8.839|13.289|+01:00|95
Antananarivo|madagascar|-18.879|47.508|+03:00|85
Khartoum|sudan|15.501|32.560|+02:00|150
London|united-kingdom|51.507|-0.128|+00:00|35
Manchester|united-kingdom|53.481|-2.243|+00:00|32
Birmingham|united-kingdom|52.486|-1.890|+00:00|33
Glasgow|united-kingdom|55.864|-4.252|+00:00|25
Dublin|ireland|53.350|-6.260|+00:00|25
Paris|france|48.857|2.352|+01:00|42
Lyon|france|45.764|4.836|+01:00|45
Marseille|france|43.296|5.370|+01:00|48
Toulouse|france|43.605|1.444|+01:00|35
Berlin|germany|52.520|13.405|+01:00|38
Munich|germany|48.135|11.582|+01:00|36
Hamburg|germany|53.551|9.994|+01:00|33
Frankfurt|germany|50.110|8.682|+01:00|40
Cologne|germany|50.938|6.960|+01:00|42
Stuttgart|germany|48.776|9.183|+01:00|44
Amsterdam|netherland|52.368|4.904|+01:00|35
Rotterdam|netherland|51.924|4.478|+01:00|40
Utrecht|netherland|52.091|5.122|+01:00|38
Brussels|belgium|50.850|4.352|+01:00|40
Antwerp|belgium|51.219|4.402|+01:00|44
Luxembourg|luxembourg|49.612|6.130|+01:00|30
Zurich|switzerland|47.377|8.542|+01:00|30
Geneva|switzerland|46.204|6.143|+01:00|32
Vienna|austria|48.208|16.374|+01:00|40
Prague|czech-republic|50.076|14.438|+01:00|48
Warsaw|poland|52.230|21.012|+01:00|60
Krakow|poland|50.065|19.945|+01:00|85
Budapest|hungary|47.498|19.040|+01:00|55
Bratislava|slovakia|48.149|17.107|+01:00|50
Ljubljana|slovenia|46.057|14.506|+01:00|45
Zagreb|croatia|45.815|15.982|+01:00|50
Belgrade|serbia|44.787|20.457|+01:00|80
Sarajevo|bosnia-herzegovina|43.856|18.413|+01:00|110
Skopje|macedonia|41.998|21.425|+01:00|115
Sofia|bulgaria|42.698|23.322|+02:00|65
Bucharest|romania|44.427|26.103|+02:00|60
Athens|greece|37.984|23.728|+02:00|50
Thessaloniki|greece|40.640|22.944|+02:00|55
Rome|italy|41.903|12.496|+01:00|45
Milan|italy|45.464|9.190|+01:00|70
Naples|italy|40.852|14.268|+01:00|50
Turin|italy|45.070|7.687|+01:00|68
Madrid|spain|40.417|-3.704|+01:00|40
Barcelona|spain|41.385|2.173|+01:00|45
Valencia|spain|39.470|-0.376|+01:00|38
Seville|spain|37.389|-5.984|+01:00|36
Lisbon|portugal|38.722|-9.139|+00:00|30
Porto|portugal|41.158|-8.629|+00:00|32
Copenhagen|denmark|55.676|12.568|+01:00|28
Oslo|norway|59.914|10.752|+01:00|25
Stockholm|sweden|59.329|18.069|+01:00|22
Gothenburg|sweden|57.709|11.975|+01:00|24
Helsinki|finland|60.170|24.938|+02:00|20
Tallinn|estonia|59.437|24.754|+02:00|22
Riga|latvia|56.950|24.105|+02:00|30
Vilnius|lithuania|54.687|25.280|+02:00|32
Minsk|belarus|53.900|27.559|+03:00|45
Kyiv|ukraine|50.450|30.523|+02:00|55
Moscow|russia|55.756|37.617|+03:00|50
Saint Petersburg|russia|59.939|30.316|+03:00|40
Novosibirsk|russia|55.008|82.935|+07:00|70
Yekaterinburg|russia|56.839|60.605|+05:00|65
Krasnoyarsk|russia|56.011|92.853|+07:00|90
Vladivostok|russia|43.115|131.886|+10:00|45
Reykjavik|iceland|64.147|-21.943|+00:00|15
New York|usa|40.713|-74.006|-05:00|40
Los Angeles|usa|34.052|-118.244|-08:00|60
Chicago|usa|41.878|-87.630|-06:00|45
Houston|usa|29.760|-95.370|-06:00|50
Phoenix|usa|33.448|-112.074|-07:00|55
Philadelphia|usa|39.953|-75.165|-05:00|45
San Antonio|usa|29.424|-98.494|-06:00|42
San Diego|usa|32.716|-117.161|-08:00|45
Dallas|usa|32.777|-96.797|-06:00|48
San Francisco|usa|37.775|-122.419|-08:00|38
Seattle|usa|47.606|-122.332|-08:00|32
Denver|usa|39.739|-104.990|-07:00|45
Boston|usa|42.360|-71.059|-05:00|35
Atlanta|usa|33.749|-84.388|-05:00|48
Miami|usa|25.762|-80.192|-05:00|35
Detroit|usa|42.331|-83.046|-05:00|50
Salt Lake City|usa|40.761|-111.891|-07:00|55
Fresno|usa|36.738|-119.787|-08:00|75
Anchorage|usa|61.218|-149.900|-09:00|20
Honolulu|usa|21.307|-157.858|-10:00|18
Toronto|canada|43.653|-79.383|-05:00|35
Montreal|canada|45.502|-73.567|-05:00|38
Vancouver|canada|49.283|-123.121|-08:00|28
Calgary|canada|51.045|-114.072|-07:00|32
Ottawa|canada|45.422|-75.697|-05:00|30
Edmonton|canada|53.546|-113.494|-07:00|35
Mexico City|mexico|19.433|-99.133|-06:00|85
Guadalajara|mexico|20.660|-103.350|-06:00|75
Monterrey|mexico|25.687|-100.316|-06:00|90
Tijuana|mexico|32.515|-117.038|-08:00|70
Guatemala City|guatemala|14.635|-90.506|-06:00|80
San Jose|costa-rica|9.928|-84.091|-06:00|45
Panama City|panama|8.983|-79.517|-05:00|50
Havana|cuba|23.114|-82.367|-05:00|45
Santo Domingo|dominican-republic|18.486|-69.931|-04:00|55
San Juan|puerto-rico|18.466|-66.106|-04:00|30
Bogota|colombia|4.711|-74.072|-05:00|70
Medellin|colombia|6.244|-75.581|-05:00|75
Caracas|venezuela|10.481|-66.904|-04:00|55
Quito|ecuador|-0.181|-78.468|-05:00|55
Lima|peru|-12.046|-77.043|-05:00|95
La Paz|bolivia|-16.490|-68.119|-04:00|60
Santiago|chile|-33.449|-70.669|-04:00|85
Temuco|chile|-38.735|-72.590|-04:00|120
Buenos Aires|argentina|-34.604|-58.382|-03:00|45
Cordoba|argentina|-31.420|-64.189|-03:00|40
Montevideo|uruguay|-34.901|-56.164|-03:00|30
Asuncion|paraguay|-25.264|-57.576|-04:00|50
Sao Paulo|brazil|-23.551|-46.633|-03:00|60
Rio de Janeiro|brazil|-22.907|-43.173|-03:00|50
Brasilia|brazil|-15.794|-47.882|-03:00|40
Belo Horizonte|brazil|-19.917|-43.935|-03:00|55
Porto Alegre|brazil|-30.035|-51.218|-03:00|45
Manaus|brazil|-3.119|-60.022|-04:00|65
Sydney|australia|-33.869|151.209|+10:00|25
Melbourne|australia|-37.814|144.963|+10:00|22
Brisbane|australia|-27.470|153.026|+10:00|24
Perth|australia|-31.951|115.861|+08:00|20
Adelaide|australia|-34.929|138.601|+09:30|20
Canberra|australia|-35.281|149.130|+10:00|18
Darwin|australia|-12.463|130.846|+09:30|30
Hobart|australia|-42.882|147.327|+10:00|15
Auckland|new-zealand|-36.849|174.763|+12:00|18
Wellington|new-zealand|-41.287|174.776|+12:00|14
Christchurch|new-zealand|-43.532|172.637|+12:00|28
Suva|fiji|-18.124|178.450|+12:00|15
Port Moresby|papua-new-guinea|-9.443|147.180|+10:00|35
Noumea|new-caledonia|-22.276|166.458|+11:00|15
Apia|samoa|-13.833|-171.767|+13:00|12
Kiritimati|kiribati|1.872|-157.430|+14:00|10
`;

export const CITIES: readonly City[] = TABLE.trim()
  .split('\n')
  .map((line) => {
    const [name, country, lat, lon, offset, base] = line.split('|');
    return { name: name ?? '', country: country ?? '', lat: Number(lat), lon: Number(lon), offset: offset ?? '+00:00', basePm25: Number(base) };
  });

export const slug = (s: string) =>
  s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
